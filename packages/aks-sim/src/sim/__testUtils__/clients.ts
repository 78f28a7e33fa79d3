import { ApiException, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import type { SimCluster } from '../startAksSim';

/** The client-node clients a real consumer would build for one simulated cluster. */
export function clientsFor(cluster: SimCluster) {
  const kc = new KubeConfig();
  kc.loadFromOptions(cluster.kubeConfig());
  return {
    kc,
    objects: KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

/** The Kubernetes Status a client-node call failed with (code + parsed body). */
export async function statusOf(call: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiException) {
      const raw = error.body;
      return { code: error.code, body: typeof raw === 'string' ? JSON.parse(raw) : raw };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Polls until `check` returns a truthy value (controllers and GC are asynchronous). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError ?? new Error('condition not met in time');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}
