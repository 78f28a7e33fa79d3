import { startAksSim, type AksSim } from '@aks-traffic/aks-sim';
import type { TrafficCache } from './TrafficCache';
import { capturingLogger, eventually, startCache } from './__testUtils__/simHarness';

describe('ClusterCache.statusVersion', () => {
  let sim: AksSim;
  let cache: TrafficCache;

  beforeAll(async () => {
    sim = await startAksSim({ clusters: 1, seed: 'demo', bookmarkIntervalMs: 100 });
    ({ cache } = startCache({ sim, logger: capturingLogger() }));
  }, 30_000);

  afterAll(async () => {
    cache?.stop();
    await sim?.stop();
  });

  it('moves whenever status() may answer differently (a status read at one value stays current)', async () => {
    const [cluster] = cache.clusters();
    await eventually(() => cluster.status().ready, 10_000);
    let last = { version: cluster.statusVersion, status: JSON.stringify(cluster.status()) };
    let moves = 0;
    /** Samples where the version held but status() answered differently, or the version went back. */
    const violations: string[] = [];
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      await new Promise(resolve => setTimeout(resolve, 5));
      const version = cluster.statusVersion;
      const status = JSON.stringify(cluster.status());
      if (version === last.version && status !== last.status)
        violations.push(`version ${version} held but status changed: ${last.status} -> ${status}`);
      if (version < last.version) violations.push(`version went back: ${last.version} -> ${version}`);
      if (version > last.version) moves++;
      last = { version, status };
    }
    expect(violations).toEqual([]);
    // Bookmarks every 100 ms move lastSync.
    expect(moves).toBeGreaterThan(3);

    const before = cluster.statusVersion;
    cluster.stop();
    expect(cluster.statusVersion).toBeGreaterThan(before);
  }, 20_000);
});
