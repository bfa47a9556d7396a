import { useState } from 'preact/hooks';
import { ApiError, fieldError } from '../api';
import { ErrorNote, FieldError, H1 } from '../components/common';
import { signIn } from '../session';
import { requireFields, useAction, useTitle } from '../util';

export function LoginPage() {
  useTitle('Sign in');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const filled = requireFields(setError, [
      [!login.trim(), 'login', 'login-login', 'Enter your login.'],
      [!password, 'password', 'login-password', 'Enter your password.'],
    ]);
    if (!filled) return;
    // The shell moves on to where the person was going.
    void run(
      () => signIn(login.trim(), password),
      (er) => {
        setPassword('');
        document.getElementById(er instanceof ApiError && er.field === 'login' ? 'login-login' : 'login-password')?.focus();
      },
    );
  };

  const loginErr = fieldError(error, 'login');
  const passErr = fieldError(error, 'password');
  const credErr =
    error instanceof ApiError && error.code === 'invalid_credentials'
      ? 'That login and password do not match. Check them and try again.'
      : null;
  const other = error && !loginErr && !passErr && !credErr ? error : null;

  return (
    <div class="page narrow login-page">
      <div class="card login-card">
        <H1>Sign in to staffroom</H1>
        <p class="muted">Your district's staff network. Only district staff can sign in.</p>
        <form onSubmit={submit} noValidate>
          <div class="field">
            <label for="login-login" class="label">
              Login
            </label>
            <input
              id="login-login"
              name="username"
              type="text"
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              value={login}
              maxLength={256}
              required
              aria-invalid={loginErr ? 'true' : undefined}
              aria-describedby={loginErr ? 'login-login-err' : undefined}
              onInput={(e) => setLogin((e.currentTarget as HTMLInputElement).value)}
            />
            <FieldError id="login-login-err" message={loginErr} />
          </div>
          <div class="field">
            <label for="login-password" class="label">
              Password
            </label>
            <input
              id="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              value={password}
              required
              aria-invalid={passErr || credErr ? 'true' : undefined}
              aria-describedby={passErr ? 'login-password-err' : credErr ? 'login-cred-err' : undefined}
              onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
            />
            <FieldError id="login-password-err" message={passErr} />
            {credErr && (
              <p id="login-cred-err" class="field-error" role="alert">
                <span aria-hidden="true">⚠ </span>
                {credErr}
              </p>
            )}
          </div>
          {other ? <ErrorNote error={other} /> : null}
          <button type="submit" class="btn btn-primary btn-block" aria-disabled={busy ? 'true' : undefined}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="hint">
          Never share your login or password with anyone, not even a colleague (district guidelines). Forgotten it? Ask
          your school office or the IT help desk.
        </p>
      </div>
    </div>
  );
}
