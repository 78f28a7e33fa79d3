import type { ClusterConnection, ClusterRegistry } from '../types';
import { capturingLogger } from './__testUtils__/simHarness';
import { LAG_PROBE_MS, TrafficCache } from './TrafficCache';

/** A cache of one cluster that never syncs (never started): reads wait until their deadline. */
function coldCache() {
  const connection = { name: 'cold' } as ClusterConnection;
  const registry = { list: () => [connection] } as unknown as ClusterRegistry;
  return TrafficCache.create({ registry, logger: capturingLogger(), readTimeoutMs: 2000 });
}

describe('TrafficCache.whenAnswerable', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const waitFor = async (cache: TrafficCache, deadline: number, lagMs = 0) => {
    let resolvedAt: number | undefined;
    void cache.whenAnswerable(deadline).then(() => {
      resolvedAt = Date.now();
    });
    await jest.advanceTimersByTimeAsync(LAG_PROBE_MS);
    if (lagMs) {
      // The event loop was blocked: the clock moved on, no timer fired.
      jest.setSystemTime(Date.now() + lagMs);
    }
    while (resolvedAt === undefined && Date.now() < 5000) {
      await jest.advanceTimersByTimeAsync(5);
    }
    return resolvedAt;
  };

  it('waits for a cold cluster until the deadline', async () => {
    expect(await waitFor(coldCache(), 1700)).toBe(1700);
  });

  it('ends earlier by the lag beyond what the answer reserve allows for', async () => {
    // Reserve of a 2 s bound: 300 ms, half of it for lag; a 400 ms lag ends the wait 250 ms early.
    const resolvedAt = await waitFor(coldCache(), 1700, 400);
    expect(resolvedAt).toBeGreaterThanOrEqual(1450);
    expect(resolvedAt).toBeLessThanOrEqual(1450 + LAG_PROBE_MS);
  });

  it('ignores a lag the reserve covers', async () => {
    expect(await waitFor(coldCache(), 1700, 100)).toBe(1700);
  });
});
