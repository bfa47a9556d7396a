import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { H1, PagedItems } from '../components/common';
import { GroupCard } from '../components/group';
import { forgetMyGroups } from '../groups-cache';
import { usePaged, type PagedList } from '../list';
import { navigate, useLocation } from '../router';
import type { Group, Page } from '../types';
import { useTitle } from '../util';

let suggestedSupported = true;

/** Groups the viewer is not in, most members first (the server's `suggested` filter). */
async function suggested(cursor: string | null): Promise<Page<Group>> {
  if (suggestedSupported) {
    try {
      return await get<Page<Group>>('/groups', { filter: 'suggested', limit: 12, cursor });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 400 && e.field === 'filter')) throw e;
      suggestedSupported = false;
    }
  }
  // An older server: every visible group the viewer is not in, by name.
  const out: Group[] = [];
  let c = cursor;
  for (let i = 0; i < 5 && out.length < 10; i++) {
    const page: Page<Group> = await get<Page<Group>>('/groups', { filter: 'all', limit: 50, cursor: c });
    out.push(...page.items.filter((g) => g.viewer.state !== 'active'));
    c = page.next_cursor;
    if (!c) break;
  }
  return { items: out, next_cursor: c };
}

function GroupList(props: {
  label: string;
  list: PagedList<Group>;
  empty: ComponentChildren;
  what: string;
  more: string;
  compact?: boolean;
  /** Told of every membership change made from this list, to update the others. */
  onChange?: (g: Group) => void;
}) {
  const { list } = props;
  const update = (g: Group) => {
    forgetMyGroups();
    list.setItems((items) => items.map((x) => (x.id === g.id ? g : x)));
    props.onChange?.(g);
  };
  return (
    <PagedItems
      list={list}
      label={props.label}
      class={props.compact ? 'group-list group-grid' : 'group-list'}
      what={props.what}
      more={props.more}
      auto={false}
      empty={props.empty}
      item={(g) => (
        <li key={g.id}>
          <GroupCard group={g} onChange={update} compact={props.compact} />
        </li>
      )}
    />
  );
}

/**
 * Groups with an open invitation for the viewer (filter=invited), then those
 * they asked to join (filter=pending). Both first pages are asked for at
 * once; the list's cursor carries what is left of each.
 */
async function awaiting(cursor: string | null): Promise<Page<Group>> {
  let next: { invited: string | null; pending: string | null } = { invited: null, pending: null };
  if (cursor) {
    try {
      next = JSON.parse(cursor);
    } catch {
      return { items: [], next_cursor: null };
    }
  }
  const one = (filter: 'invited' | 'pending'): Promise<Page<Group> | null> =>
    !cursor || next[filter] ? get<Page<Group>>('/groups', { filter, limit: 50, cursor: next[filter] }) : Promise.resolve(null);
  const [inv, pen] = await Promise.all([one('invited'), one('pending')]);
  const rest = { invited: inv ? inv.next_cursor : null, pending: pen ? pen.next_cursor : null };
  return {
    items: [...(inv ? inv.items : []), ...(pen ? pen.items : [])],
    next_cursor: rest.invited || rest.pending ? JSON.stringify(rest) : null,
  };
}

export function GroupsPage() {
  useTitle('Groups');
  const loc = useLocation();
  const q = (loc.query.get('q') || '').trim();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const mine = usePaged<Group>(q ? null : 'groups:mine', (cursor) =>
    get<Page<Group>>('/groups', { filter: 'mine', limit: 20, cursor }),
  );
  const sugg = usePaged<Group>(q ? null : 'groups:suggested', suggested);
  const waiting = usePaged<Group>(q ? null : 'groups:awaiting', awaiting);
  const found = usePaged<Group>(q ? 'groups:q:' + q : null, (cursor) =>
    get<Page<Group>>('/groups', { filter: 'all', q: q.slice(0, 100), limit: 20, cursor }),
  );

  // A join, request or leave in one list shows in the others at once: a group
  // joined from the suggestions appears under "Your groups", one left leaves it.
  const byName = (a: Group, b: Group) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id - b.id;
  const membershipChanged = (g: Group) => {
    const active = g.viewer.state === 'active';
    const waitingNow = g.viewer.state === 'invited' || g.viewer.state === 'pending';
    mine.setItems((items) => {
      const rest = items.filter((x) => x.id !== g.id);
      return active ? [...rest, g].sort(byName) : rest;
    });
    waiting.setItems((items) => (waitingNow ? items.map((x) => (x.id === g.id ? g : x)) : items.filter((x) => x.id !== g.id)));
    sugg.setItems((items) => items.map((x) => (x.id === g.id ? g : x)));
  };
  return (
    <div class="page">
      <div class="page-head">
        <H1>Groups</H1>
        <a href="/groups/new" class="btn btn-primary">
          Create a group
        </a>
      </div>
      <form
        class="search-form card"
        role="search"
        aria-label="Groups"
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          navigate('/groups' + (t ? '?q=' + encodeURIComponent(t) : ''));
        }}
      >
        <label for="groups-q" class="label">
          Search groups
        </label>
        <div class="search-row">
          <input
            id="groups-q"
            type="search"
            value={text}
            maxLength={100}
            placeholder="Name or purpose, e.g. robotics"
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="btn btn-primary">
            Search
          </button>
        </div>
      </form>
      {q ? (
        <section aria-labelledby="groups-found-h">
          <h2 id="groups-found-h" class="section-title">
            Groups matching “{q}”
          </h2>
          <p class="small">
            <a href="/groups">Back to your groups and suggestions</a>
          </p>
          <GroupList
            label="Search results"
            more="Load more"
            list={found}
            what="groups"
            empty={<p>No group matches “{q}”. Try another word, or create the group yourself.</p>}
          />
        </section>
      ) : (
        <>
          {waiting.items.length > 0 && (
            <section aria-labelledby="groups-wait-h">
              <h2 id="groups-wait-h" class="section-title">
                Invitations and requests
              </h2>
              <GroupList
                label="Invitations and requests"
                more="Load more"
                list={waiting}
                what="groups"
                empty={null}
                onChange={membershipChanged}
              />
            </section>
          )}
          <section aria-labelledby="groups-mine-h">
            <h2 id="groups-mine-h" class="section-title">
              Your groups
            </h2>
            <GroupList
              label="Your groups"
              more="Load more of your groups"
              compact
              list={mine}
              what="groups"
              onChange={membershipChanged}
              empty={<p>You're not in any group yet. Join one of the suggested groups below.</p>}
            />
          </section>
          <section aria-labelledby="groups-sugg-h">
            <h2 id="groups-sugg-h" class="section-title">
              Suggested groups
            </h2>
            <p class="hint">
              Groups you're not in yet, the most popular first. Choose groups by their audience and purpose.
            </p>
            <GroupList
              label="Suggested groups"
              more="Load more suggestions"
              list={sugg}
              what="groups"
              empty={<p>No suggestions right now.</p>}
              onChange={membershipChanged}
            />
          </section>
        </>
      )}
    </div>
  );
}
