import { ExchangesInFlight } from './exchanges-in-flight.js';

describe('ExchangesInFlight', () => {
  it('resolves at once when no exchange is open', async () => {
    await expect(new ExchangesInFlight().allRecorded(60_000)).resolves.toBeUndefined();
  });

  it('resolves once the last open exchange is recorded', async () => {
    const inFlight = new ExchangesInFlight();
    inFlight.started();
    inFlight.started();
    let done = false;
    const waiting = inFlight.allRecorded(60_000).then(() => (done = true));

    inFlight.finished();
    await Promise.resolve();
    expect(done).toBe(false);
    inFlight.finished();
    await waiting;
    expect(done).toBe(true);
  });

  it('gives up waiting after the time given', async () => {
    const inFlight = new ExchangesInFlight();
    inFlight.started();

    await expect(inFlight.allRecorded(10)).resolves.toBeUndefined();
  });
});
