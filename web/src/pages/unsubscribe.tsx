// Where a digest's "turn off this daily digest" link leads: works signed
// out (the link's token is enough) and asks for one press, so that a mail
// scanner following links turns nothing off.
import { useState } from 'preact/hooks';
import { request, withQuery } from '../api';
import { ErrorNote, H1 } from '../components/common';
import { getLocation } from '../router';
import { useAction, useTitle } from '../util';

export function UnsubscribePage() {
  useTitle('Turn off the daily digest');
  const token = getLocation().query.get('token') ?? '';
  const a = useAction();
  const [done, setDone] = useState(false);
  return (
    <div class="page narrow">
      <H1>Turn off the daily digest</H1>
      {done ? (
        <p role="status">Done: you will get no more daily digests. You can turn it on again in your e-mail settings.</p>
      ) : (
        <>
          <p>You will stop getting the daily staffroom digest by e-mail. Other e-mails stay as you set them.</p>
          {a.error ? <ErrorNote error={a.error} /> : null}
          <button
            type="button"
            class="btn btn-primary"
            aria-disabled={a.busy ? 'true' : undefined}
            onClick={() =>
              a.run(async () => {
                await request('POST', withQuery('/email/unsubscribe', { token }), undefined, { quiet401: true });
                setDone(true);
              })
            }
          >
            Turn off the digest
          </button>
        </>
      )}
    </div>
  );
}
