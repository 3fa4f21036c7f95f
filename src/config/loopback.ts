/** Whether a bind address only ever accepts connections from this machine. */
export function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
