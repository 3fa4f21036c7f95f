/** The admin token lives in sessionStorage: it survives reloads of this tab and dies with it. */

const KEY = 'switchyard.admin-token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
