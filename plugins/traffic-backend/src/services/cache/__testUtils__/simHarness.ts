import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { AksSim } from '@aks-traffic/aks-sim';
import { DefaultClusterRegistry } from '../../ClusterRegistry';
import { TrafficCache } from '../TrafficCache';
import type { CacheTimings } from '../ClusterCache';

/** A LoggerService that keeps every line (message + metadata as JSON) for assertions. */
export function capturingLogger(lines: string[] = []): LoggerService & { lines: string[] } {
  const make = (meta: Record<string, unknown>): LoggerService & { lines: string[] } => {
    const write = (level: string) => (message: string, extra?: unknown) => {
      lines.push(JSON.stringify({ level, message, ...meta, ...(extra as object) }));
    };
    return {
      lines,
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: (fields: Record<string, unknown>) => make({ ...meta, ...fields }),
    };
  };
  return make({});
}

/** Fast timings so tests see reconnects and recoveries within seconds. */
export const FAST_TIMINGS: Partial<CacheTimings> = {
  requestTimeoutMs: 1500,
  watchTimeoutSeconds: 30,
  backoffInitialMs: 50,
  backoffMaxMs: 300,
  rediscoveryIntervalMs: 500,
};

/** `traffic.clusters` for every simulated cluster (serviceAccount tokens). */
export function simClustersConfig(sim: AksSim, extra: Record<string, unknown> = {}) {
  return new ConfigReader({
    traffic: {
      clusters: sim.clusters.map(c => ({
        name: c.name,
        url: c.url,
        authProvider: 'serviceAccount',
        serviceAccountToken: c.token,
        skipTLSVerify: true,
      })),
      ...extra,
    },
  });
}

export function startCache(options: {
  sim: AksSim;
  logger: LoggerService;
  readTimeoutMs?: number;
  timings?: Partial<CacheTimings>;
  config?: Record<string, unknown>;
}) {
  const config = simClustersConfig(options.sim, options.config);
  const registry = DefaultClusterRegistry.fromConfig({ config, logger: options.logger });
  const cache = TrafficCache.create({
    registry,
    logger: options.logger,
    config,
    timings: { ...FAST_TIMINGS, ...options.timings },
    readTimeoutMs: options.readTimeoutMs ?? 2000,
  });
  cache.start();
  return { config, registry, cache };
}

/** Polls until `check` returns a truthy value (one helper for all the package's simulator tests). */
export { eventually } from '../../changes/__testUtils__/simCluster';
