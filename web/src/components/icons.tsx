// A few line icons (decorative: hidden from assistive technology).
const common = {
  width: 22,
  height: 22,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 2,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': 'true',
  focusable: 'false',
} as const;

export function HomeIcon() {
  return (
    <svg {...common}>
      <path d="M3 11.5 12 4l9 7.5" />
      <path d="M5.5 10v9.5h13V10" />
      <path d="M10 19.5v-5h4v5" />
    </svg>
  );
}

export function GroupsIcon() {
  return (
    <svg {...common}>
      <circle cx="9" cy="8.5" r="3.2" />
      <path d="M3 19.5c.6-3.4 3-5.3 6-5.3s5.4 1.9 6 5.3" />
      <circle cx="17" cy="9.5" r="2.5" />
      <path d="M16.5 14.3c2.3.2 4 1.8 4.5 4.7" />
    </svg>
  );
}

export function PeopleIcon() {
  return (
    <svg {...common}>
      <rect x="3.5" y="4" width="17" height="16" rx="2.5" />
      <circle cx="10" cy="10.5" r="2.4" />
      <path d="M6.5 16.5c.5-2 1.9-3 3.5-3s3 1 3.5 3" />
      <path d="M15.5 9.5h2.5M15.5 13h2.5" />
    </svg>
  );
}

export function BellIcon() {
  return (
    <svg {...common}>
      <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2h-15z" />
      <path d="M10 20.5a2 2 0 0 0 4 0" />
    </svg>
  );
}

export function ReviewIcon() {
  return (
    <svg {...common}>
      <path d="M12 3.5 19.5 6v5.5c0 4.3-3.1 7.6-7.5 9-4.4-1.4-7.5-4.7-7.5-9V6z" />
      <path d="m8.8 12 2.2 2.2 4.2-4.4" />
    </svg>
  );
}

export function PhotoIcon() {
  return (
    <svg {...common} width={18} height={18}>
      <rect x="3" y="5" width="18" height="14" rx="2.5" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="m21 16-5-5-8 8" />
    </svg>
  );
}
