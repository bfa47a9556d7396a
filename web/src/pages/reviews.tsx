// Held for review. For the district's monitors, the review queue: Pending
// (oldest first), Released, Rejected and All, with the number waiting, and
// Release / Reject on each. For everyone else, their own held posts, comments
// and edits, with the decision, the monitor's reason, and Withdraw while
// pending. /reviews/:id is one of them (where the author's notification and
// the composer's notice lead).
import { useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { H1, PageLoading, PageNotShown, PagedItems } from '../components/common';
import { type Decision, DecisionDialog, ReviewCard } from '../components/review';
import { usePaged } from '../list';
import { setPending, usePending } from '../reviews';
import { useLocation } from '../router';
import { currentUser } from '../session';
import type { Review, ReviewPage, ReviewState } from '../types';
import { useFetched, useTitle } from '../util';

type Filter = ReviewState | 'all';

const FILTERS: { state: Filter; label: string; empty: string }[] = [
  { state: 'pending', label: 'Pending', empty: 'Nothing is waiting for review.' },
  { state: 'released', label: 'Released', empty: 'Nothing has been released yet.' },
  { state: 'rejected', label: 'Rejected', empty: 'Nothing has been rejected yet.' },
  { state: 'all', label: 'All', empty: 'Nothing has been held for review yet.' },
];

/** The dialog's target, and what to do with a decided review. */
function useDecisions(onDone: (r: Review) => void) {
  const [target, setTarget] = useState<{ decision: Decision; review: Review } | null>(null);
  return {
    open: (decision: Decision, review: Review) => setTarget({ decision, review }),
    dialog: (
      <DecisionDialog
        target={target}
        onClose={() => setTarget(null)}
        onDone={(r) => {
          setTarget(null);
          onDone(r);
        }}
      />
    ),
  };
}

export function ReviewsPage() {
  const me = currentUser();
  const monitor = !!me?.monitor;
  const loc = useLocation();
  const asked = loc.query.get('state');
  const state: Filter = monitor ? (FILTERS.find((f) => f.state === asked)?.state ?? 'pending') : 'all';
  const pending = usePending();
  useTitle(monitor ? 'Review queue' : 'Your held posts');
  const list = usePaged<Review>(`reviews:${monitor ? 'queue' : 'mine'}:${state}`, async (cursor) => {
    const page = await get<ReviewPage>('/reviews', { state, limit: 20, cursor });
    if (monitor) setPending(typeof page.pending_count === 'number' ? page.pending_count : null);
    return page;
  });
  const decisions = useDecisions((r) => list.setItems((items) => items.map((x) => (x.id === r.id ? r : x))));
  const filter = FILTERS.find((f) => f.state === state) || FILTERS[0];

  return (
    <div class="page narrow">
      <H1>{monitor ? 'Review queue' : 'Your held posts'}</H1>
      {monitor ? (
        <p class="muted">
          The student-privacy guard holds posts, comments and edits that may name a student where too many people would
          read it. Release publishes one as its author wrote it; Reject tells the author why. Authors are never told
          which monitor decided.
        </p>
      ) : (
        <p class="muted">
          What you wrote that the student-privacy guard held for a monitor's review. Nothing of it is published until a
          monitor has looked at it; you are told either way.
        </p>
      )}
      {monitor && (
        <>
          <p class="review-count" role="status">
            {pending === null ? '' : pending === 0 ? 'Nothing is waiting for review.' : `${pending.toLocaleString('en')} waiting for review`}
          </p>
          <nav class="tabs review-tabs" aria-label="Filter by state">
            {FILTERS.map((f) => (
              <a
                key={f.state}
                href={f.state === 'pending' ? '/reviews' : `/reviews?state=${f.state}`}
                aria-current={f.state === state ? 'page' : undefined}
              >
                {f.label}
                {f.state === 'pending' && pending ? (
                  <>
                    {' '}
                    <span class="tab-count">{pending.toLocaleString('en')}</span>
                  </>
                ) : null}
              </a>
            ))}
          </nav>
        </>
      )}
      <PagedItems
        list={list}
        label={monitor ? `${filter.label} reviews` : 'Your held posts'}
        class="reviews"
        what="held posts"
        empty={<p>{monitor ? filter.empty : 'Nothing you wrote has been held for review.'}</p>}
        item={(r: Review) => (
          <li key={r.id}>
            <ReviewCard review={r} level={2} me={me ? me.id : 0} monitor={monitor} onDecide={decisions.open} />
          </li>
        )}
      />
      {decisions.dialog}
    </div>
  );
}

export function ReviewPage(props: { id: number }) {
  const me = currentUser();
  const monitor = !!me?.monitor;
  const { value: review, setValue, error, reload } = useFetched(() => get<Review>(`/reviews/${props.id}`), [props.id]);
  useTitle(review ? `Held ${review.kind === 'edit' ? 'edit' : review.kind} in ${review.group.name}` : 'Held for review');
  const decisions = useDecisions((r) => setValue(r));
  const back = monitor ? { href: '/reviews', text: 'The review queue' } : { href: '/reviews', text: 'All your held posts' };
  if (error) {
    return (
      <PageNotShown
        notFound={error instanceof ApiError && error.status === 404}
        notFoundTitle="Not found"
        notFoundText="This held post is not there, or it is not yours to see."
        failedTitle="The held post could not be loaded"
        error={error}
        onRetry={reload}
        href={back.href}
        link={back.text}
      />
    );
  }
  if (!review) return <PageLoading text="Loading the held post…" />;
  return (
    <div class="page narrow">
      <ReviewCard review={review} level={1} me={me ? me.id : 0} monitor={monitor} onDecide={decisions.open} />
      <p>
        <a href={back.href}>{back.text}</a>
      </p>
      {decisions.dialog}
    </div>
  );
}
