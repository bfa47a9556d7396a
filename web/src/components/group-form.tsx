// Name, purpose and privacy of a group: used to create one and in its settings.
import { ApiError, describeError } from '../api';
import type { Privacy } from '../types';
import { FieldError } from './common';

export interface GroupFields {
  name: string;
  purpose: string;
  privacy: Privacy;
}

export const PRIVACY_CHOICES: { value: Privacy; label: string; hint: string }[] = [
  {
    value: 'closed',
    label: 'Closed',
    hint: 'Everyone can find the group and its purpose; only members read and write posts. An admin approves each request to join.',
  },
  {
    value: 'open',
    label: 'Open',
    hint: 'Everyone in the district can read the posts, comment and join with one click.',
  },
  {
    value: 'secret',
    label: 'Secret',
    hint: 'Only members and invited people know the group exists. People join by invitation.',
  },
];

export function fieldError(error: unknown, field: string): string | null {
  return error instanceof ApiError && error.field === field ? describeError(error) : null;
}

export function GroupFormFields(props: {
  value: GroupFields;
  onChange: (v: GroupFields) => void;
  error: unknown;
  idPrefix: string;
}) {
  const { value: v, idPrefix: p } = props;
  const nameErr = fieldError(props.error, 'name');
  const purposeErr = fieldError(props.error, 'purpose');
  const privacyErr = fieldError(props.error, 'privacy');
  const set = (patch: Partial<GroupFields>) => props.onChange({ ...v, ...patch });
  return (
    <>
      <div class="field">
        <label for={p + '-name'} class="label">
          Name
        </label>
        <input
          id={p + '-name'}
          type="text"
          value={v.name}
          maxLength={80}
          required
          aria-invalid={nameErr ? 'true' : undefined}
          aria-describedby={[nameErr ? p + '-name-err' : '', p + '-name-hint'].filter(Boolean).join(' ')}
          onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })}
        />
        <FieldError id={p + '-name-err'} message={nameErr} />
        <p class="hint" id={p + '-name-hint'}>
          Up to 80 characters. Say whose group it is, e.g. “Lincoln Middle School 7th Grade Team”.
        </p>
      </div>
      <div class="field">
        <label for={p + '-purpose'} class="label">
          Purpose
        </label>
        <textarea
          id={p + '-purpose'}
          rows={4}
          value={v.purpose}
          maxLength={1000}
          required
          aria-invalid={purposeErr ? 'true' : undefined}
          aria-describedby={[purposeErr ? p + '-purpose-err' : '', p + '-purpose-hint'].filter(Boolean).join(' ')}
          onInput={(e) => set({ purpose: (e.currentTarget as HTMLTextAreaElement).value })}
        />
        <FieldError id={p + '-purpose-err'} message={purposeErr} />
        <p class="hint" id={p + '-purpose-hint'}>
          Who the group is for and what it is for. It is pinned at the top of the group, so everyone knows what
          belongs here (district guidelines: a group has a reasonable relationship to the work of the people who run
          it).
        </p>
      </div>
      <fieldset class="field" aria-describedby={privacyErr ? p + '-privacy-err' : undefined}>
        <legend class="label">Privacy</legend>
        <p class="hint">
          Consider the audience before you choose: the district's guidelines recommend private groups unless there is a
          specific need for an open one.
        </p>
        {PRIVACY_CHOICES.map((c) => (
          <div class="radio" key={c.value}>
            <input
              type="radio"
              id={`${p}-privacy-${c.value}`}
              name={p + '-privacy'}
              value={c.value}
              checked={v.privacy === c.value}
              aria-describedby={`${p}-privacy-${c.value}-hint`}
              onChange={() => set({ privacy: c.value })}
            />
            <label for={`${p}-privacy-${c.value}`}>
              <strong>{c.label}</strong>
              {c.value === 'closed' ? ' (recommended)' : ''}
            </label>
            <p class="hint radio-hint" id={`${p}-privacy-${c.value}-hint`}>
              {c.hint}
            </p>
          </div>
        ))}
        <FieldError id={p + '-privacy-err'} message={privacyErr} />
      </fieldset>
    </>
  );
}
