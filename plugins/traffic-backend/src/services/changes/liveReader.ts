import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { KubernetesObjectApi } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import { isNotFound, kubeFailure } from './kubeErrors';

/** What preflight checks read: one object, or a list of a kind. */
export interface ObjectReader {
  /** API calls made so far. */
  readonly calls: number;
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined>;
  list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]>;
}

/**
 * Reads live objects for preflight checks, each at most once per change (a small cache), and
 * counts its API round trips for the change record and the benchmark.
 */
export class LiveReader implements ObjectReader {
  private readonly cache = new Map<string, Promise<KubeObject | undefined>>();
  private readonly lists = new Map<string, Promise<KubeObject[]>>();
  /** API calls made so far. */
  calls = 0;

  constructor(
    private readonly api: KubernetesObjectApi,
    private readonly cluster: string,
  ) {}

  /** The live object, or undefined when it does not exist. */
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    const key = `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
    let pending = this.cache.get(key);
    if (!pending) {
      this.calls++;
      pending = this.api
        .read({
          apiVersion,
          kind,
          metadata: { name, ...(namespace ? { namespace } : {}) },
        })
        .then(object => object as unknown as KubeObject)
        .catch(error => {
          if (isNotFound(error)) return undefined;
          throw this.unavailable(
            error,
            `read ${kind} ${namespace ? `${namespace}/` : ''}${name}`,
          );
        });
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** Objects of a kind in one namespace (or all namespaces), optionally by label selector. */
  list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]> {
    const key = `${apiVersion}|${kind}|${namespace ?? '*'}|${
      labelSelector ?? ''
    }`;
    let pending = this.lists.get(key);
    if (!pending) {
      this.calls++;
      pending = this.api
        .list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        )
        .then(result => (result.items ?? []) as unknown as KubeObject[])
        .catch(error => {
          if (isNotFound(error)) return [];
          throw this.unavailable(error, `list ${kind}`);
        });
      this.lists.set(key, pending);
    }
    return pending;
  }

  private unavailable(error: unknown, what: string): Error {
    const failure = kubeFailure(error);
    return new ServiceUnavailableError(
      `Cluster ${this.cluster}: could not ${what}: ${failure.message}`,
    );
  }
}
