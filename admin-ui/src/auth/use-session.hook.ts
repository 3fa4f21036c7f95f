import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api/api-error.ts';
import { checkToken, onUnauthorized } from '../api/http.client.ts';
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

function urlTokenOf(): string | null {
  return new URL(window.location.href).searchParams.get('token');
}

/** A `?token=` must be checked first; otherwise a stored token is trusted until a call is refused. */
function initialSession(): Session {
  if (urlTokenOf() !== null) return { state: 'checking' };
  return readToken() ? { state: 'in' } : { state: 'out', error: null };
}

export function useSession(): { session: Session; logIn: (token: string) => void; logOut: () => void } {
  const [session, setSession] = useState<Session>(initialSession);

  useEffect(() => {
    const urlToken = urlTokenOf();
    if (urlToken === null) return;
    checkToken(urlToken)
      .then((ok) => {
        if (ok) saveToken(urlToken);
        setSession(ok ? { state: 'in' } : { state: 'out', error: REFUSED });
      })
      .catch((err: unknown) => setSession({ state: 'out', error: `Could not reach the gateway: ${messageOf(err)}` }))
      .finally(takeUrlToken);
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
