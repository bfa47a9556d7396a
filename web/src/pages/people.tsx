import { useEffect, useState } from 'preact/hooks';
import { get } from '../api';
import { Avatar, H1, PagedItems } from '../components/common';
import { usePaged } from '../list';
import { navigate, useLocation } from '../router';
import type { Org, Page, User } from '../types';
import { useTitle } from '../util';

let orgsCache: Promise<Org[]> | null = null;
function orgs(): Promise<Org[]> {
  if (!orgsCache) {
    orgsCache = get<Page<Org>>('/orgs').then((p) => p.items);
    orgsCache.catch(() => (orgsCache = null));
  }
  return orgsCache;
}

export function PeoplePage() {
  useTitle('People');
  const loc = useLocation();
  const q = (loc.query.get('q') || '').trim();
  const org = loc.query.get('org') || '';
  const [text, setText] = useState(q);
  const [orgSel, setOrgSel] = useState(org);
  const [units, setUnits] = useState<Org[] | null>(null);
  useEffect(() => {
    setText(q);
    setOrgSel(org);
  }, [q, org]);
  useEffect(() => {
    orgs().then(setUnits).catch(() => setUnits([]));
  }, []);

  const orgId = /^[1-9][0-9]*$/.test(org) ? org : '';
  const list = usePaged<User>(`people:${q}:${orgId}`, (cursor) =>
    get<Page<User>>('/users', { q: q.slice(0, 100), org_id: orgId, limit: 30, cursor }),
  );
  const schools = (units || []).filter((u) => u.kind === 'school');
  const depts = (units || []).filter((u) => u.kind !== 'school');
  const orgName = units?.find((u) => String(u.id) === orgId)?.name;

  return (
    <div class="page">
      <H1>People</H1>
      <form
        class="search-form card"
        role="search"
        aria-label="Directory"
        onSubmit={(e) => {
          e.preventDefault();
          const params = new URLSearchParams();
          if (text.trim()) params.set('q', text.trim());
          if (orgSel) params.set('org', orgSel);
          const s = params.toString();
          navigate('/people' + (s ? '?' + s : ''));
        }}
      >
        <div class="search-grid">
          <div class="field">
            <label for="people-q" class="label">
              Name, login or title
            </label>
            <input
              id="people-q"
              type="search"
              value={text}
              maxLength={100}
              placeholder="e.g. Lopez, bus driver, counselor"
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="field">
            <label for="people-org" class="label">
              School or department
            </label>
            <select id="people-org" value={orgSel} onChange={(e) => setOrgSel((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">All schools and departments</option>
              {schools.length > 0 && (
                <optgroup label="Schools">
                  {schools.map((u) => (
                    <option key={u.id} value={String(u.id)}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              )}
              {depts.length > 0 && (
                <optgroup label="District office and departments">
                  {depts.map((u) => (
                    <option key={u.id} value={String(u.id)}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
          <div class="field field-button">
            <button type="submit" class="btn btn-primary">
              Search
            </button>
          </div>
        </div>
      </form>
      <section aria-labelledby="people-results-h">
        <h2 id="people-results-h" class="section-title">
          {q || orgId
            ? `People${q ? ` matching “${q}”` : ''}${orgName ? ` at ${orgName}` : ''}`
            : 'Everyone in the district'}
        </h2>
        <PagedItems
          list={list}
          label="People"
          class="people-grid"
          what="people"
          empty={<p>No one matches. Try part of a name, a job title, or another school.</p>}
          item={(u) => (
            <li key={u.id} class="card person-card">
              <Avatar id={u.id} name={u.name} size="lg" />
              <div>
                <a href={`/people/${encodeURIComponent(u.login)}`} class="person-name">
                  {u.name}
                </a>
                {u.status === 'deactivated' && <span class="badge">No longer active</span>}
                {u.title && <span class="small block">{u.title}</span>}
                {u.org && <span class="small muted block">{u.org.name}</span>}
              </div>
            </li>
          )}
        />
      </section>
    </div>
  );
}
