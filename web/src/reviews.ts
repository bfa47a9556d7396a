// Held for review: what a held write answers (202 {status: "held", review}),
// the words for a review's kind, state and why it was held, and the number
// of reviews waiting (the monitors' badge in the top bar), asked for at every
// page change and after every decision.
import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import type { GuardFinding, Held, Review, ReviewKind, ReviewPage, ReviewState } from './types';

/** The review of a held write's answer, or null when the write was published. */
export function heldReview(answer: unknown): Review | null {
  const h = answer as Held | null;
  return h && typeof h === 'object' && h.status === 'held' && h.review && typeof h.review.id === 'number'
    ? h.review
    : null;
}

/** "post", "comment", "edit": what the author wrote, in words. */
export function kindWord(k: ReviewKind): string {
  return k === 'comment' ? 'comment' : k === 'edit' ? 'edit' : 'post';
}

/** The state as the author and monitors read it. */
export function stateLabel(s: ReviewState): string {
  switch (s) {
    case 'pending':
      return 'Waiting for review';
    case 'released':
      return 'Published';
    case 'rejected':
      return 'Not published';
    case 'withdrawn':
      return 'Withdrawn';
    default:
      return s;
  }
}

const RULE_WORDS: Record<string, string> = {
  student_name: 'seems to name a student',
  student_id: 'seems to contain a student number',
  dob: 'seems to contain a date of birth',
  sensitive: 'seems to name a student next to sensitive information',
  ssn: 'seems to contain a Social Security number',
  media_consent: 'has a photo that may need a media consent form',
  profanity: 'may read as profanity',
  slur: 'seems to contain a slur',
  harassment: 'may read as harassing someone',
  threat: 'may read as a threat',
};

/** "because it seems to name a student in an open group", from the findings that held it. */
export function heldBecause(r: Pick<Review, 'findings' | 'group'>): string {
  const held = r.findings.filter((f: GuardFinding) => f.action === 'hold');
  const first = (held.length ? held : r.findings).find((f) => RULE_WORDS[f.rule]);
  const what = first ? RULE_WORDS[first.rule] : 'may contain student information';
  const where = r.group.privacy === 'open' ? 'an open group' : r.group.privacy === 'secret' ? 'a secret group' : 'a closed group';
  return `because it ${what} in ${where}`;
}

/* ---- the monitors' count of reviews waiting ---- */

let pending: number | null = null;
const listeners = new Set<(n: number | null) => void>();

/** Sets the badge's count (null: not a monitor, or not known). */
export function setPending(n: number | null): void {
  if (n === pending) return;
  pending = n;
  for (const l of listeners) l(n);
}

export function usePending(): number | null {
  const [n, setN] = useState(pending);
  useEffect(() => {
    listeners.add(setN);
    if (n !== pending) setN(pending);
    return () => {
      listeners.delete(setN);
    };
  }, []);
  return n;
}

let inflight: Promise<void> | null = null;
/** Asked again while a request was in flight (it may predate a decision). */
let again = false;

/** Asks the server how many reviews are waiting (monitors only; one request at a time, one more if asked meanwhile). */
export function refreshPending(): Promise<void> {
  if (inflight) {
    again = true;
    return inflight;
  }
  again = false;
  inflight = get<ReviewPage>('/reviews', { state: 'pending', limit: 1 })
    .then((p) => setPending(typeof p.pending_count === 'number' ? p.pending_count : null))
    .catch(() => {
      /* the badge keeps its last count; the next page change asks again */
    })
    .finally(() => {
      inflight = null;
      if (again) void refreshPending();
    });
  return inflight;
}
