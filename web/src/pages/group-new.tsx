import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { ErrorNote, H1 } from '../components/common';
import { GroupFormFields, type GroupFields } from '../components/group-form';
import { forgetMyGroups } from '../groups-cache';
import { forgetLists } from '../list';
import { navigate } from '../router';
import type { Group } from '../types';
import { announce, clearDraft, loadDraft, saveDraft, useTitle } from '../util';

export function GroupNewPage() {
  useTitle('Create a group');
  const [v, setV] = useState<GroupFields>(
    () => loadDraft<GroupFields>('group.new') || { name: '', purpose: '', privacy: 'closed' },
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    // The server checks the purpose first; so do we.
    if (!v.purpose.trim()) {
      setError(new ApiError(422, 'required', 'Say who the group is for and what it is for.', 'purpose'));
      document.getElementById('gn-purpose')?.focus();
      return;
    }
    if (!v.name.trim()) {
      setError(new ApiError(422, 'required', 'Give the group a name.', 'name'));
      document.getElementById('gn-name')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const g = await post<Group>('/groups', { name: v.name.trim(), purpose: v.purpose.trim(), privacy: v.privacy });
      clearDraft('group.new');
      forgetMyGroups();
      forgetLists('groups:');
      announce(`The group ${g.name} was created.`);
      navigate(`/groups/${g.id}`);
    } catch (er) {
      setError(er);
      if (er instanceof ApiError && er.field) document.getElementById('gn-' + er.field)?.focus();
    } finally {
      setBusy(false);
    }
  };

  const known = error instanceof ApiError && ['name', 'purpose', 'privacy'].includes(error.field || '');
  return (
    <div class="page narrow">
      <p class="small">
        <a href="/groups">← Groups</a>
      </p>
      <H1>Create a group</H1>
      <form class="card form-card" onSubmit={submit} noValidate>
        <GroupFormFields
          value={v}
          onChange={(nv) => {
            setV(nv);
            saveDraft('group.new', nv);
          }}
          error={error}
          idPrefix="gn"
        />
        {error && !known ? <ErrorNote error={error} /> : null}
        <p class="hint">You will be the group's first admin. You can change everything later in its settings.</p>
        <div class="form-actions">
          <a href="/groups" class="btn btn-secondary">
            Cancel
          </a>
          <button type="submit" class="btn btn-primary" aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Creating…' : 'Create group'}
          </button>
        </div>
      </form>
    </div>
  );
}
