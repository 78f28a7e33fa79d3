import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import { SimulatedKeyVault } from '../../keyvault/simulatedKeyVault';
import { createClusterStore } from '../../store/clusterStore';
import type { MemoryObjectStore } from '../../store/memoryStore';
import type { Controller, ControllerContext, SimulatedClusterInfo } from '../../store/types';
import { createControllers } from '..';

export interface RealClusterOptions {
  gatewayApiVersion?: 'v1.2.1' | 'v1.5.1';
  istioRevisions?: string[];
  name?: string;
  /** Controllers to run (default: all of createControllers()). */
  controllers?: Controller[];
}

/**
 * The real cluster store (CRD validation, defaults, SSA, garbage collection) with controllers
 * whose scheduled work, and the store's deferred GC, run only when the test calls `settle()`.
 * Tests step the cluster deterministically instead of polling.
 */
export function realCluster(options: RealClusterOptions = {}) {
  const queue: Array<() => void> = [];
  const store: MemoryObjectStore = createClusterStore({ gatewayApiVersion: options.gatewayApiVersion ?? 'v1.5.1', defer: work => queue.push(work) });
  const cluster: SimulatedClusterInfo = {
    name: options.name ?? 'aks-test',
    gatewayApiVersion: options.gatewayApiVersion ?? 'v1.5.1',
    kubernetesVersion: options.gatewayApiVersion === 'v1.2.1' ? '1.33' : '1.36',
    istioRevisions: options.istioRevisions ?? ['asm-1-27'],
    keyVault: new SimulatedKeyVault('kv-aks-test'),
  };
  const context: ControllerContext = { store, cluster, schedule: work => queue.push(work) };
  const controllers = options.controllers ?? createControllers();
  for (const controller of controllers) controller.start(context);

  const settle = (maxSteps = 100_000) => {
    let steps = 0;
    while (queue.length) {
      if (++steps > maxSteps) throw new Error('controllers did not settle');
      queue.shift()!();
    }
  };
  const typeOf = (apiVersion: string, kind: string) => {
    const type = store.resourceFor(apiVersion, kind);
    if (!type) throw new Error(`${apiVersion} ${kind} is not served`);
    return type;
  };
  settle();
  return {
    store,
    cluster,
    keyVault: cluster.keyVault as SimulatedKeyVault,
    settle,
    /** Creates (or server-side applies) objects as a client would, through validation. */
    apply: (...objects: KubeObject[]) => objects.map(o => store.apply(o, { fieldManager: 'test', force: true })),
    get: (apiVersion: string, kind: string, namespace: string | undefined, name: string) => store.get(typeOf(apiVersion, kind), namespace, name),
    list: (apiVersion: string, kind: string, namespace?: string) => store.list(typeOf(apiVersion, kind), namespace ? { namespace } : undefined),
    remove: (apiVersion: string, kind: string, namespace: string | undefined, name: string) => store.delete(typeOf(apiVersion, kind), namespace, name),
    stop: () => controllers.forEach(c => c.stop()),
  };
}

export type RealCluster = ReturnType<typeof realCluster>;

export const condition = (conditions: Array<{ type: string }> | undefined, type: string): any => conditions?.find(c => c.type === type);
