// The shell: skip link, top bar (product, people search, navigation, the
// signed-in person, sign out), the page in <main>, and the live region.
import { useEffect, useRef, useState } from 'preact/hooks';
import { setUnauthenticatedHandler } from './api';
import { Avatar, H1 } from './components/common';
import { BellIcon, GroupsIcon, HomeIcon, PeopleIcon, ReviewIcon } from './components/icons';
import { forgetMyGroups } from './groups-cache';
import { forgetLists } from './list';
import { refreshUnread, setUnread, useUnread, watchUnread } from './notifications';
import { GroupNewPage } from './pages/group-new';
import { GroupPage } from './pages/group';
import { GroupSettingsPage } from './pages/group-settings';
import { GroupsPage } from './pages/groups';
import { HomePage } from './pages/home';
import { LoginPage } from './pages/login';
import { DraftsPage } from './pages/drafts';
import { NotificationsPage } from './pages/notifications';
import { UnsubscribePage } from './pages/unsubscribe';
import { PeoplePage } from './pages/people';
import { PersonPage } from './pages/person';
import { PostPage } from './pages/post';
import { ReviewPage, ReviewsPage } from './pages/reviews';
import { refreshPending, setPending, usePending } from './reviews';
import { getLocation, match, navigate, savedScroll, useLocation } from './router';
import { restoreSession, sessionEnded, signOut, useSession } from './session';
import type { User } from './types';
import { requestHeadingFocus, setAnnouncer, takeHeadingFocus, useTitle } from './util';

function route(path: string) {
  if (path === '/') return <HomePage />;
  if (path === '/groups') return <GroupsPage />;
  if (path === '/groups/new') return <GroupNewPage />;
  let m = match('/groups/:id', path);
  if (m && /^[1-9][0-9]*$/.test(m.id)) return <GroupPage key={m.id} id={Number(m.id)} />;
  m = match('/groups/:id/settings', path);
  if (m && /^[1-9][0-9]*$/.test(m.id)) return <GroupSettingsPage key={m.id} id={Number(m.id)} />;
  m = match('/posts/:id', path);
  if (m && /^[1-9][0-9]*$/.test(m.id)) return <PostPage key={m.id} id={Number(m.id)} />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/drafts') return <DraftsPage />;
  if (path === '/reviews') return <ReviewsPage />;
  m = match('/reviews/:id', path);
  if (m && /^[1-9][0-9]*$/.test(m.id)) return <ReviewPage key={m.id} id={Number(m.id)} />;
  if (path === '/people') return <PeoplePage />;
  m = match('/people/:login', path);
  if (m) return <PersonPage key={m.login} login={m.login} />;
  return <NotFound />;
}

function NotFound() {
  useTitle('Page not found');
  return (
    <div class="page narrow">
      <H1>Page not found</H1>
      <p>There is nothing at this address, or it is not there for you.</p>
      <p>
        <a href="/">Go to your home feed</a>
      </p>
    </div>
  );
}

function TopBar(props: { user: User | null; path: string }) {
  const [q, setQ] = useState('');
  const nav = [
    { href: '/', label: 'Home', icon: <HomeIcon />, active: props.path === '/' || props.path.startsWith('/posts/') },
    { href: '/groups', label: 'Groups', icon: <GroupsIcon />, active: props.path.startsWith('/groups') },
    { href: '/people', label: 'People', icon: <PeopleIcon />, active: props.path.startsWith('/people') },
  ];
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <a href="/" class="brand">
          <span class="brand-mark" aria-hidden="true">
            s
          </span>
          <span class="brand-name">staffroom</span>
        </a>
        {props.user && (
          <form
            class="topbar-search"
            role="search"
            aria-label="People"
            onSubmit={(e) => {
              e.preventDefault();
              navigate('/people' + (q.trim() ? '?q=' + encodeURIComponent(q.trim()) : ''));
              setQ('');
            }}
          >
            <label for="top-search" class="sr-only">
              Search people
            </label>
            <input
              id="top-search"
              type="search"
              placeholder="Search people"
              value={q}
              maxLength={100}
              onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
            />
          </form>
        )}
        {props.user && (
          <nav class="mainnav" aria-label="Main">
            <ul>
              {nav.map((n) => (
                <li key={n.href}>
                  <a href={n.href} aria-current={n.active ? 'page' : undefined}>
                    {n.icon}
                    <span class="nav-label">{n.label}</span>
                  </a>
                </li>
              ))}
              {props.user.monitor && <ReviewLink current={props.path === '/reviews' || props.path.startsWith('/reviews/')} />}
            </ul>
          </nav>
        )}
        {props.user && (
          <div class="me">
            <NotificationsLink current={props.path === '/notifications'} />
            <a href={`/people/${encodeURIComponent(props.user.login)}`} class="me-link">
              <Avatar id={props.user.id} name={props.user.name} size="sm" />
              <span class="me-name">{props.user.name}</span>
            </a>
            <button
              type="button"
              class="btn btn-ghost btn-small"
              onClick={async () => {
                try {
                  await signOut();
                } finally {
                  navigate('/login', { replace: true });
                }
              }}
            >
              Sign out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

/** For monitors: the link "Review, 3 waiting" (or "Review"), the number waiting as a badge. */
function ReviewLink(props: { current: boolean }) {
  const n = usePending();
  const count = n ? (n > 99 ? '99+' : n.toLocaleString('en')) : '';
  return (
    <li>
      <a
        href="/reviews"
        aria-current={props.current ? 'page' : undefined}
        aria-label={n ? `Review, ${n.toLocaleString('en')} waiting` : undefined}
      >
        <ReviewIcon />
        <span class="nav-label">
          Review{count ? ' ' : ''}
          {count ? <span class="nav-count">{count}</span> : null}
        </span>
      </a>
    </li>
  );
}

/** The bell: link "Notifications, 3 unread" (or "Notifications"), the count as a badge. */
function NotificationsLink(props: { current: boolean }) {
  const n = useUnread();
  return (
    <a
      href="/notifications"
      class="notes-link"
      aria-current={props.current ? 'page' : undefined}
      aria-label={n ? `Notifications, ${n.toLocaleString('en')} unread` : 'Notifications'}
    >
      <BellIcon />
      {n ? (
        <span class="notes-count" aria-hidden="true">
          {n > 99 ? '99+' : n.toLocaleString('en')}
        </span>
      ) : null}
    </a>
  );
}

export function App() {
  const loc = useLocation();
  const session = useSession();
  const announcer = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  useEffect(() => {
    setAnnouncer(announcer.current);
    setUnauthenticatedHandler(() => {
      sessionEnded();
    });
    void restoreSession();
  }, []);

  // Signed out: forget what was loaded for that person, and go to the
  // sign-in page, remembering where they were going.
  useEffect(() => {
    if (session.status === 'out') {
      forgetLists();
      forgetMyGroups();
    }
  }, [session.status]);
  useEffect(() => {
    const l = getLocation();
    // The digest's unsubscribe page works signed out.
    if (session.status === 'out' && l.path !== '/login' && l.path !== '/unsubscribe') {
      const next = l.path + l.search;
      navigate('/login' + (next && next !== '/' ? '?next=' + encodeURIComponent(next) : ''), { replace: true });
    } else if (session.status === 'in' && l.path === '/login') {
      const next = l.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    }
  }, [session.status, loc.seq]);

  // The live stream (one per browser, shared by its tabs) and the unread
  // count: fresh at once on a notification (a slow poll while the stream is
  // down), and asked for again at every page change. On the first
  // page it waits until the browser is idle (the page's own data first);
  // the notification centre gets the count with its list.
  const signedIn = session.status === 'in';
  useEffect(() => {
    if (!signedIn) {
      setUnread(null);
      return;
    }
    return watchUnread();
  }, [signedIn]);
  // Monitors: the number of held posts waiting, at every page change (the
  // review queue also sets it from its own list).
  const monitor = session.status === 'in' && !!session.user.monitor;
  useEffect(() => {
    if (!monitor) {
      setPending(null);
      return;
    }
    if (loc.path !== '/login') void refreshPending();
  }, [monitor, loc.seq]);
  const countedOnce = useRef(false);
  useEffect(() => {
    if (!signedIn || loc.path === '/notifications' || loc.path === '/login') return;
    if (countedOnce.current) {
      void refreshUnread();
      return;
    }
    countedOnce.current = true;
    const w = window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number };
    if (w.requestIdleCallback) {
      const id = w.requestIdleCallback(() => void refreshUnread(), { timeout: 1500 });
      return () => (window as any).cancelIdleCallback?.(id);
    }
    const t = window.setTimeout(() => void refreshUnread(), 300);
    return () => window.clearTimeout(t);
  }, [signedIn, loc.seq]);

  // After a navigation: focus the page's h1, and scroll to the top (or back
  // to where the person was, going back).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestHeadingFocus();
    takeHeadingFocus();
    if (loc.how === 'pop') {
      const y = savedScroll();
      requestAnimationFrame(() => window.scrollTo(0, y));
    } else {
      window.scrollTo(0, 0);
    }
  }, [loc.seq]);

  const user = session.status === 'in' ? session.user : null;
  let page;
  if (session.status === 'loading') {
    page = (
      <p class="page muted" role="status">
        Loading staffroom…
      </p>
    );
  } else if (session.status === 'unreachable') {
    page = (
      <div class="page narrow">
        <H1>staffroom can't be reached</H1>
        <p>Check your connection, then try again.</p>
        <button type="button" class="btn btn-primary" onClick={() => void restoreSession()}>
          Try again
        </button>
      </div>
    );
  } else if (loc.path === '/unsubscribe') {
    page = <UnsubscribePage />;
  } else if (!user || loc.path === '/login') {
    page = <LoginPage />;
  } else {
    page = route(loc.path);
  }

  return (
    <>
      <a href="#main" class="skip-link">
        Skip to content
      </a>
      <TopBar user={user} path={loc.path} />
      <main id="main" tabIndex={-1}>
        {page}
        <div ref={announcer} class="sr-only" aria-live="polite" aria-atomic="true" />
      </main>
    </>
  );
}
