import { useCallback, useEffect, useState } from 'react';
import { checkToken, onUnauthorized } from '../api/http.client.ts';
import { loginFailure } from './login-failure.ts';
import { REFUSED } from './login.view.tsx';
import { forgetToken, readToken, saveToken } from './token.store.ts';

export type Session = { state: 'checking' } | { state: 'out'; error: string | null } | { state: 'in' };

/** Takes `?token=` out of the address bar, so it is neither bookmarked nor left in history. */
function takeUrlToken(): string | null {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}

/**
 * Taken once, as the app loads, before anything is drawn: the token leaves the address bar at once
 * and is kept only in memory until the gateway has accepted it.
 */
const urlToken = takeUrlToken();

/** A `?token=` must be checked first; otherwise a stored token is trusted until a call is refused. */
function initialSession(): Session {
  if (urlToken !== null) return { state: 'checking' };
  return readToken() ? { state: 'in' } : { state: 'out', error: null };
}

export function useSession(): { session: Session; logIn: (token: string) => void; logOut: () => void } {
  const [session, setSession] = useState<Session>(initialSession);

  useEffect(() => {
    if (urlToken === null) return;
    checkToken(urlToken)
      .then((ok) => {
        if (ok) saveToken(urlToken);
        setSession(ok ? { state: 'in' } : { state: 'out', error: REFUSED });
      })
      .catch((err: unknown) => setSession({ state: 'out', error: loginFailure(err) }));
  }, []);

  useEffect(() => onUnauthorized(() => setSession({ state: 'out', error: null })), []);

  const logIn = useCallback((token: string) => {
    saveToken(token);
    setSession({ state: 'in' });
  }, []);
  const logOut = useCallback(() => {
    forgetToken();
    setSession({ state: 'out', error: null });
  }, []);
  return { session, logIn, logOut };
}
