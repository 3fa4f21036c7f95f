import { AttemptAbort, abortableSleep } from './abort.js';
import { ClientAbort } from './client-abort.js';

describe('ClientAbort', () => {
  const gone = new Error('client disconnected');

  it('tells each listener once, with the reason, when the client leaves', () => {
    const client = new ClientAbort();
    const heard: Error[] = [];
    client.onAbort((reason) => heard.push(reason));
    client.abort(gone);
    client.abort(new Error('again'));
    expect(heard).toEqual([gone]);
    expect(client.aborted).toBe(true);
    expect(client.reason).toBe(gone);
  });

  it('tells a listener that comes after the client left at once', () => {
    const client = new ClientAbort();
    client.abort(gone);
    const heard: Error[] = [];
    client.onAbort((reason) => heard.push(reason));
    expect(heard).toEqual([gone]);
  });

  it('stops telling a listener that stopped listening', () => {
    const client = new ClientAbort();
    const heard: Error[] = [];
    const stop = client.onAbort((reason) => heard.push(reason));
    stop();
    client.abort(gone);
    expect(heard).toEqual([]);
  });

  it("is the stream writer's abort signal: a listener hears the client leave", () => {
    const client = new ClientAbort();
    let heard = 0;
    client.addEventListener('abort', () => (heard += 1));
    client.abort(gone);
    expect(heard).toBe(1);
  });

  it('aborts a linked attempt when the client leaves, but not one that was disposed of', () => {
    const client = new ClientAbort();
    const first = new AttemptAbort(client);
    first.dispose();
    const second = new AttemptAbort(client);
    client.abort(gone);
    expect(first.aborted).toBe(false);
    expect(second.aborted).toBe(true);
    expect(second.reason).toBe(gone);
  });

  it('aborts an attempt linked after the client left at once, with its reason', () => {
    const client = new ClientAbort();
    client.abort(gone);
    const attempt = new AttemptAbort(client);
    expect(attempt.aborted).toBe(true);
    expect(attempt.reason).toBe(gone);
  });

  it('aborting an attempt leaves the client there', () => {
    const client = new ClientAbort();
    new AttemptAbort(client).abort(new Error('first byte deadline'));
    expect(client.aborted).toBe(false);
  });

  it('cuts a sleep short when the client leaves', async () => {
    const client = new ClientAbort();
    const sleeping = abortableSleep(60_000, client);
    client.abort(gone);
    await expect(sleeping).resolves.toBeUndefined();
  });
});
