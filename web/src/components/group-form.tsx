// Name, purpose and privacy of a group: used to create one and in its settings.
import type { ComponentChildren } from 'preact';
import { ApiError, fieldError } from '../api';
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

/** The error to show beside the form: one that is not about a field of GroupFormFields (null otherwise). */
export function formError(error: unknown): unknown {
  const known = error instanceof ApiError && ['name', 'purpose', 'privacy'].includes(error.field || '');
  return error && !known ? error : null;
}

/** After a failed save: focus moves to the input the problem is about, if any. */
export function focusFieldOf(idPrefix: string): (error: unknown) => void {
  return (er) => {
    if (er instanceof ApiError && er.field) document.getElementById(idPrefix + '-' + er.field)?.focus();
  };
}

/** A labelled text input (or a textarea, with rows), its error and its hint. */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  maxLength: number;
  rows?: number;
  error: string | null;
  hint: ComponentChildren;
  onInput: (value: string) => void;
}) {
  const { id } = props;
  const attrs = {
    id,
    value: props.value,
    maxLength: props.maxLength,
    required: true,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': [props.error ? id + '-err' : '', id + '-hint'].filter(Boolean).join(' '),
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <div class="field">
      <label for={id} class="label">
        {props.label}
      </label>
      {props.rows ? <textarea rows={props.rows} {...attrs} /> : <input type="text" {...attrs} />}
      <FieldError id={id + '-err'} message={props.error} />
      <p class="hint" id={id + '-hint'}>
        {props.hint}
      </p>
    </div>
  );
}

export function GroupFormFields(props: {
  value: GroupFields;
  onChange: (v: GroupFields) => void;
  error: unknown;
  idPrefix: string;
}) {
  const { value: v, idPrefix: p } = props;
  const privacyErr = fieldError(props.error, 'privacy');
  const set = (patch: Partial<GroupFields>) => props.onChange({ ...v, ...patch });
  return (
    <>
      <TextField
        id={p + '-name'}
        label="Name"
        value={v.name}
        maxLength={80}
        error={fieldError(props.error, 'name')}
        hint="Up to 80 characters. Say whose group it is, e.g. “Lincoln Middle School 7th Grade Team”."
        onInput={(name) => set({ name })}
      />
      <TextField
        id={p + '-purpose'}
        label="Purpose"
        rows={4}
        value={v.purpose}
        maxLength={1000}
        error={fieldError(props.error, 'purpose')}
        hint="Who the group is for and what it is for. It is pinned at the top of the group, so everyone knows what belongs here (district guidelines: a group has a reasonable relationship to the work of the people who run it)."
        onInput={(purpose) => set({ purpose })}
      />
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
