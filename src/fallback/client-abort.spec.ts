import { abortableSleep } from './abortable-sleep.js';
import { ClientAbort } from './client-abort.js';

describe('ClientAbort', () => {
  const gone = new Error('client disconnected');

  it("is the stream writer's abort signal: a listener hears the client leave once, with the reason", () => {
    const client = new ClientAbort();
    const heard: unknown[] = [];
    client.addEventListener('abort', () => heard.push(client.reason));
    client.abort(gone);
    client.abort(new Error('again'));
    expect(heard).toEqual([gone]);
  });

  it('cuts a sleep short when the client leaves', async () => {
    const client = new ClientAbort();
    const sleeping = abortableSleep(60_000, client);
    client.abort(gone);
    await expect(sleeping).resolves.toBeUndefined();
  });
});
