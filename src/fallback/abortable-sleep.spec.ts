import { abortableSleep } from './abortable-sleep.js';
import { ClientAbort } from './client-abort.js';

describe('abortableSleep', () => {
  const gone = new Error('client disconnected');

  it('is cut short when the client leaves', async () => {
    const client = new ClientAbort();
    const sleeping = abortableSleep(60_000, client);
    client.abort(gone);
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('does not start for a client that already left', async () => {
    const client = new ClientAbort();
    client.abort(gone);
    await expect(abortableSleep(60_000, client)).resolves.toBeUndefined();
  });
});
