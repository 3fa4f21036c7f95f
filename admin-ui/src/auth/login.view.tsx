import { useState, type FormEvent } from 'react';
import { checkToken } from '../api/http.client.ts';
import { loginFailure } from './login-failure.ts';

export const REFUSED = 'That token was not accepted';

interface LoginViewProps {
  /** A message from an earlier attempt, e.g. a `?token=` that was refused. */
  initialError: string | null;
  onAccepted: (token: string) => void;
}

export function LoginView({ initialError, onAccepted }: LoginViewProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (await checkToken(token.trim())) onAccepted(token.trim());
      else setError(REFUSED);
    } catch (err) {
      setError(loginFailure(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-label="Log in">
        <h1>Switchyard admin</h1>
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
        {error ? (
          <p className="state state-error" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <p className="hint">The token is ADMIN_TOKEN, or the one printed at the gateway's first start.</p>
      </form>
    </main>
  );
}
