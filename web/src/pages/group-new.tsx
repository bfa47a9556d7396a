import { useState } from 'preact/hooks';
import { post } from '../api';
import { ErrorNote, H1 } from '../components/common';
import { GroupFormFields, focusFieldOf, formError, type GroupFields } from '../components/group-form';
import { forgetGroupLists } from '../groups-cache';
import { navigate } from '../router';
import type { Group } from '../types';
import { announce, clearDraft, loadDraft, requireFields, saveDraft, useAction, useTitle } from '../util';

export function GroupNewPage() {
  useTitle('Create a group');
  const [v, setV] = useState<GroupFields>(
    () => loadDraft<GroupFields>('group.new') || { name: '', purpose: '', privacy: 'closed' },
  );
  const { busy, error, setError, run } = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    // The server checks the purpose first; so do we.
    const filled = requireFields(setError, [
      [!v.purpose.trim(), 'purpose', 'gn-purpose', 'Say who the group is for and what it is for.'],
      [!v.name.trim(), 'name', 'gn-name', 'Give the group a name.'],
    ]);
    if (!filled) return;
    void run(async () => {
      const g = await post<Group>('/groups', { name: v.name.trim(), purpose: v.purpose.trim(), privacy: v.privacy });
      clearDraft('group.new');
      forgetGroupLists();
      announce(`The group ${g.name} was created.`);
      navigate(`/groups/${g.id}`);
    }, focusFieldOf('gn'));
  };

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
        <ErrorNote error={formError(error)} />
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
