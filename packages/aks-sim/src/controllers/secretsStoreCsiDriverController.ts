import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import yaml from 'js-yaml';
import type { Controller, ControllerContext, StoreEvent } from '../store/types';
import { ReconcileQueue } from './common/reconcileQueue';
import { keyVaultOf, type KeyVaultObjectType, type SimulatedKeyVault } from '../keyvault/simulatedKeyVault';
import { key, objectKey, resourceOf, splitKey } from './common/kinds';

export const CSI_DRIVER = 'secrets-store.csi.k8s.io';
export const MANAGED_LABEL = 'secrets-store.csi.k8s.io/managed';

interface SpcObject {
  objectName: string;
  objectType: KeyVaultObjectType;
  objectAlias?: string;
  objectVersion?: string;
}

/** Parses the Azure provider's `parameters.objects` (YAML `array:` of YAML strings). */
export function parseSpcObjects(objects: string | undefined): SpcObject[] {
  if (!objects) return [];
  const outer = yaml.load(objects) as { array?: Array<string | SpcObject> } | undefined;
  return (outer?.array ?? []).map(entry => (typeof entry === 'string' ? (yaml.load(entry) as SpcObject) : entry));
}

/** Pods (not finished) mounting a SecretProviderClass through the CSI driver. */
function mountedClasses(pod: KubeObject): Array<{ volume: string; spc: string }> {
  if (pod.metadata.deletionTimestamp || ['Succeeded', 'Failed'].includes(pod.status?.phase)) return [];
  return ((pod.spec?.volumes ?? []) as Array<{ name: string; csi?: { driver?: string; volumeAttributes?: Record<string, string> } }>)
    .filter(v => v.csi?.driver === CSI_DRIVER && v.csi.volumeAttributes?.secretProviderClass)
    .map(v => ({ volume: v.name, spc: v.csi!.volumeAttributes!.secretProviderClass }));
}

/**
 * The Secrets Store CSI driver with the Azure Key Vault provider. A pod mounting a
 * SecretProviderClass makes the driver write a SecretProviderClassPodStatus and sync each
 * `secretObjects[]` Secret (label managed=true). The Secret is owned by the pod statuses, so when
 * the last mounting pod goes away it is garbage collected, as with the real driver. A Key Vault
 * object that does not exist fails the mount (pod stays ContainerCreating, FailedMount Event).
 * Rotation: Key Vault version changes refresh the Secrets after the rotation poll.
 */
export class SecretsStoreCsiDriverController implements Controller {
  readonly name = 'secrets-store-csi-driver';
  private ctx?: ControllerContext;
  private unsubscribe: Array<() => void> = [];
  private readonly queue = new ReconcileQueue(
    () => this.ctx,
    queued => this.reconcile(queued),
  );
  private vault?: SimulatedKeyVault;

  start(context: ControllerContext): void {
    this.ctx = context;
    this.vault = keyVaultOf(context.cluster);
    this.unsubscribe.push(context.store.subscribe(e => this.onEvent(e)));
    // Rotation poll: every mounted class naming the changed object is refreshed.
    this.unsubscribe.push(
      this.vault.onChange(change => {
        const spcType = resourceOf(context.store, 'secretProviderClass');
        if (!spcType) return;
        for (const spc of context.store.list(spcType)) {
          if (parseSpcObjects(spc.spec?.parameters?.objects).some(o => o.objectName === change.name)) this.queue.mark(objectKey(spc));
        }
      }),
    );
    const podType = resourceOf(context.store, 'pod');
    if (podType) for (const pod of context.store.list(podType)) for (const m of mountedClasses(pod)) this.queue.mark(key(pod.metadata.namespace, m.spc));
  }

  stop(): void {
    this.unsubscribe.forEach(u => u());
    this.unsubscribe = [];
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    const { resource: r, object: o } = e;
    if (r.group === '' && r.kind === 'Pod') {
      // Every CSI class the pod names, mounted or not: a pod that finished (or is being deleted)
      // unmounts, which may take the synced Secret with it.
      for (const v of (o.spec?.volumes ?? []) as Array<{ csi?: { driver?: string; volumeAttributes?: Record<string, string> } }>) {
        const spc = v.csi?.driver === CSI_DRIVER ? v.csi.volumeAttributes?.secretProviderClass : undefined;
        if (spc) this.queue.mark(key(o.metadata.namespace, spc));
      }
    } else if (r.group === 'secrets-store.csi.x-k8s.io' && r.kind === 'SecretProviderClass') {
      this.queue.mark(objectKey(o));
    } else if (r.group === '' && r.kind === 'Secret' && e.type === 'DELETED' && o.metadata.labels?.[MANAGED_LABEL]) {
      const owner = o.metadata.annotations?.['aks-sim/secret-provider-class'];
      if (owner) this.queue.mark(key(o.metadata.namespace, owner));
    }
  }


  private reconcile(spcKey: string) {
    if (!this.ctx || !this.vault) return;
    const { store } = this.ctx;
    const { namespace, name } = splitKey(spcKey);
    const podType = resourceOf(store, 'pod');
    const spcType = resourceOf(store, 'secretProviderClass');
    const statusType = resourceOf(store, 'secretProviderClassPodStatus');
    const secretType = resourceOf(store, 'secret');
    if (!podType || !spcType || !secretType) return;
    const spc = store.get(spcType, namespace, name);
    const pods = store.list(podType, { namespace }).filter(p => mountedClasses(p).some(m => m.spc === name));

    // Pod statuses of pods that no longer mount this class go, and with them the Secret.
    if (statusType) {
      for (const ps of store.list(statusType, { namespace })) {
        if (ps.status?.secretProviderClassName === name && !pods.some(p => p.metadata.name === ps.status?.podName)) {
          store.delete(statusType, namespace, ps.metadata.name);
        }
      }
    }
    if (pods.length === 0 || !spc) {
      for (const so of (spc?.spec?.secretObjects ?? []) as Array<{ secretName: string }>) {
        const existing = store.get(secretType, namespace, so.secretName);
        if (existing?.metadata.labels?.[MANAGED_LABEL]) store.delete(secretType, namespace, so.secretName);
      }
      for (const pod of pods) this.setPodMount(pod, `failed to get secretproviderclass ${namespace}/${name}, error: SecretProviderClass.secrets-store.csi.x-k8s.io "${name}" not found`);
      return;
    }

    const objects = parseSpcObjects(spc.spec?.parameters?.objects);
    const fetched = new Map<string, { content: string; version: string; object: SpcObject }>();
    let failure: string | undefined;
    for (const object of objects) {
      const value = this.vault.getObject(object.objectName, object.objectType ?? 'secret', object.objectVersion || undefined);
      if (!value) {
        const kind = ({ cert: 'Certificate', key: 'Key', secret: 'Secret' } as const)[object.objectType ?? 'secret'] ?? 'Secret';
        failure =
          `failed to get objectType:${object.objectType}, objectName:${object.objectName}, objectVersion:${object.objectVersion ?? ''}: ` +
          `keyvault.BaseClient#Get${kind}: Failure responding to request: StatusCode=404 -- Original Error: autorest/azure: Service returned an error. ` +
          `Status=404 Code="${kind}NotFound" Message="A ${kind.toLowerCase()} with (name/id) ${object.objectName} was not found in this key vault."`;
        break;
      }
      fetched.set(object.objectAlias || object.objectName, { ...value, object });
    }

    for (const pod of pods) this.setPodMount(pod, failure && `failed to mount objects, error: ${failure}`);
    if (failure) return; // the mount failed, so nothing syncs

    const statusNames: string[] = [];
    if (statusType) {
      for (const pod of pods) {
        const statusName = `${pod.metadata.name}-${namespace}-${name}`.slice(0, 253);
        statusNames.push(statusName);
        const existing = store.get(statusType, namespace, statusName);
        const created =
          existing ??
          store.create(
            {
              apiVersion: 'secrets-store.csi.x-k8s.io/v1',
              kind: 'SecretProviderClassPodStatus',
              metadata: {
                name: statusName,
                namespace,
                labels: { 'internal.secrets-store.csi.k8s.io/node-name': pod.spec?.nodeName ?? 'aks-nodepool1-00000000-vmss000000' },
                ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid ?? '' }],
              },
            },
            { fieldManager: 'secrets-store-csi-driver' },
          );
        store.updateStatus(statusType, namespace, created.metadata.name, current => {
          const next = {
            podName: pod.metadata.name,
            secretProviderClassName: name,
            mounted: true,
            targetPath: `/var/lib/kubelet/pods/${pod.metadata.uid}/volumes/kubernetes.io~csi/${mountedClasses(pod).find(m => m.spc === name)!.volume}/mount`,
            objects: [...fetched.values()].map(f => ({ id: `${f.object.objectType}/${f.object.objectName}`, version: f.version })),
          };
          return JSON.stringify(current.status) === JSON.stringify(next) ? undefined : next;
        });
      }
    }

    for (const so of (spc.spec?.secretObjects ?? []) as Array<{
      secretName: string;
      type?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      data?: Array<{ objectName: string; key: string }>;
    }>) {
      const data: Record<string, string> = {};
      for (const d of so.data ?? []) {
        const value = fetched.get(d.objectName);
        if (value) data[d.key] = Buffer.from(value.content).toString('base64');
      }
      const owners = statusType
        ? statusNames.map(n => store.get(statusType, namespace, n)).filter((o): o is KubeObject => !!o)
        : [];
      store.apply(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: so.secretName,
            namespace,
            labels: { ...(so.labels ?? {}), [MANAGED_LABEL]: 'true' },
            annotations: { ...(so.annotations ?? {}), 'aks-sim/secret-provider-class': name },
            ownerReferences: owners.map(o => ({
              apiVersion: 'secrets-store.csi.x-k8s.io/v1',
              kind: 'SecretProviderClassPodStatus',
              name: o.metadata.name,
              uid: o.metadata.uid ?? '',
            })),
          },
          type: so.type ?? 'Opaque',
          data,
        },
        { fieldManager: 'secrets-store-csi-driver', force: true },
      );
    }
  }

  /** Pod phase and a FailedMount Event, as the kubelet reports a CSI mount result. */
  private setPodMount(pod: KubeObject, error: string | undefined) {
    const { store } = this.ctx!;
    const podType = resourceOf(store, 'pod')!;
    store.updateStatus(podType, pod.metadata.namespace, pod.metadata.name, current => {
      const next = error
        ? {
            ...(current.status ?? {}),
            phase: 'Pending',
            conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
            containerStatuses: ((current.spec?.containers ?? []) as Array<{ name: string }>).map(c => ({
              name: c.name,
              ready: false,
              state: { waiting: { reason: 'ContainerCreating' } },
            })),
          }
        : {
            ...(current.status ?? {}),
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: ((current.spec?.containers ?? []) as Array<{ name: string }>).map(c => ({
              name: c.name,
              ready: true,
              state: { running: {} },
            })),
          };
      return JSON.stringify(next) === JSON.stringify(current.status) ? undefined : next;
    });
    const eventType = resourceOf(store, 'event');
    if (!eventType) return;
    const eventName = `${pod.metadata.name}.failedmount`;
    if (error) {
      const volume = mountedClasses(pod)[0]?.volume ?? 'secrets-store';
      store.apply(
        {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: eventName, namespace: pod.metadata.namespace },
          involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
          type: 'Warning',
          reason: 'FailedMount',
          message: `MountVolume.SetUp failed for volume "${volume}" : rpc error: code = Unknown desc = failed to mount secrets store objects for pod ${pod.metadata.namespace}/${pod.metadata.name}, err: rpc error: code = Unknown desc = ${error}`,
          source: { component: 'kubelet' },
        } as KubeObject,
        { fieldManager: 'kubelet', force: true },
      );
    } else if (store.get(eventType, pod.metadata.namespace, eventName)) {
      store.delete(eventType, pod.metadata.namespace, eventName);
    }
  }
}
