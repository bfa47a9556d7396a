// E-mail settings (on the notification centre): which notifications come by
// e-mail, and the daily digest with its hour in the district's time.
import { useState } from 'preact/hooks';
import { get, put } from '../api';
import type { EmailNotifications, EmailSettings } from '../drafts';
import { hourText } from '../drafts';
import { announce, useAction, useFetched, useId } from '../util';
import { ErrorNote } from './common';

export function EmailSettingsSection() {
  const s = useFetched(() => get<EmailSettings>('/me/email-settings'), []);
  const save = useAction();
  const id = useId('email');
  const [open, setOpen] = useState(false);
  const v = s.value;

  const change = (body: Partial<Pick<EmailSettings, 'notifications' | 'digest' | 'digest_hour'>>) =>
    save.run(async () => {
      s.setValue(await put<EmailSettings>('/me/email-settings', body));
      announce('E-mail settings saved.');
    });

  return (
    <section class="card email-settings" aria-labelledby={id + '-h'}>
      <h2 id={id + '-h'}>E-mail</h2>
      {s.error ? <ErrorNote error={s.error} onRetry={s.reload} /> : null}
      {!v && !s.error ? <p class="muted">Loading your e-mail settings…</p> : null}
      {v && (
        <>
          <p class="muted">
            {!v.email_enabled
              ? 'This staffroom does not send e-mail.'
              : v.address
                ? `E-mail goes to ${v.address}.`
                : 'You have no e-mail address in staffroom, so nothing is e-mailed to you.'}
          </p>
          <button type="button" class="btn" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>
            E-mail settings
          </button>
          {open && (
            <div class="fields">
              <div class="field">
                <label for={id + '-n'} class="label">
                  E-mail me about
                </label>
                <select
                  id={id + '-n'}
                  value={v.notifications}
                  onChange={(e) => change({ notifications: e.currentTarget.value as EmailNotifications })}
                >
                  <option value="important">Important announcements, mentions and replies</option>
                  <option value="all">All my notifications</option>
                  <option value="off">Nothing</option>
                </select>
              </div>
              <div class="field">
                <label>
                  <input type="checkbox" checked={v.digest} onChange={(e) => change({ digest: e.currentTarget.checked })} />{' '}
                  Daily digest
                </label>
              </div>
              <div class="field">
                <label for={id + '-h-sel'} class="label">
                  Digest time{v.timezone ? ` (${v.timezone})` : ' (district time)'}
                </label>
                <select
                  id={id + '-h-sel'}
                  value={String(v.digest_hour)}
                  disabled={!v.digest}
                  onChange={(e) => change({ digest_hour: Number(e.currentTarget.value) })}
                >
                  {Array.from({ length: 24 }, (_, h) => (
                    <option key={h} value={String(h)}>
                      {hourText(h)}
                    </option>
                  ))}
                </select>
              </div>
              {save.error ? <ErrorNote error={save.error} /> : null}
            </div>
          )}
        </>
      )}
    </section>
  );
}
