import type { Controller, ControllerContext, StoreEvent } from '../../store/types';
import { hashBytes } from '../common/deterministic';
import { objectKey, resourceOf, splitKey } from '../common/kinds';

/**
 * kube-egress-gateway: a StaticGatewayConfiguration gets `status.egressIpPrefix` (a public prefix
 * of `publicIpPrefixSize`, default /31, or comma-separated private IPs when provisionPublicIps is
 * false) and `status.gatewayServerProfile`. The CRD has no conditions, so neither do we.
 */
export class StaticGatewayConfigurationController implements Controller {
  readonly name = 'kube-egress-gateway';
  private ctx?: ControllerContext;
  private unsubscribe?: () => void;

  start(context: ControllerContext): void {
    this.ctx = context;
    this.unsubscribe = context.store.subscribe(e => this.onEvent(e));
    const t = resourceOf(context.store, 'staticGatewayConfiguration');
    if (t) for (const sgc of context.store.list(t)) this.later(objectKey(sgc));
  }

  stop(): void {
    this.unsubscribe?.();
    this.ctx = undefined;
  }

  private onEvent(e: StoreEvent) {
    if (e.resource.kind === 'StaticGatewayConfiguration' && e.type !== 'DELETED') this.later(objectKey(e.object));
  }

  private later(k: string) {
    const ctx = this.ctx;
    ctx?.schedule(() => ctx.schedule(() => this.reconcile(k))); // Azure provisioning takes a moment
  }

  private reconcile(k: string) {
    if (!this.ctx) return;
    const { store, cluster } = this.ctx;
    const t = resourceOf(store, 'staticGatewayConfiguration');
    const { namespace, name } = splitKey(k);
    if (!t) return;
    store.updateStatus(t, namespace, name, sgc => {
      const next = {
        egressIpPrefix: egressIpPrefix(cluster.name, sgc),
        gatewayServerProfile: {
          ip: privateIp(`${cluster.name}/${k}/ilb`),
          port: 6000 + (hashBytes(`${cluster.name}/${k}`)[0] % 100),
          publicKey: hashBytes(`${cluster.name}/${k}/wg`).toString('base64'),
          privateKeySecretRef: { apiVersion: 'v1', kind: 'Secret', name: `sgw-${sgc.metadata.uid ?? name}`, namespace: 'kube-egress-gateway-system' },
        },
      };
      return JSON.stringify(next) === JSON.stringify(sgc.status) ? undefined : next;
    });
  }
}

function privateIp(seed: string): string {
  const b = hashBytes(seed);
  return `10.225.${b[0]}.${(b[1] % 250) + 4}`;
}

export function egressIpPrefix(clusterName: string, sgc: { metadata: { namespace?: string; name: string }; spec?: any }): string {
  const seed = `${clusterName}/${sgc.metadata.namespace}/${sgc.metadata.name}`;
  if (sgc.spec?.provisionPublicIps === false) {
    return [0, 1].map(i => privateIp(`${seed}/${i}`)).join(',');
  }
  const size = Number(sgc.spec?.gatewayVmssProfile?.publicIpPrefixSize ?? 31);
  const b = hashBytes(seed);
  // Align the base address to the prefix size inside 4.x.y.z-style Azure public ranges (simulated).
  const base = ((52 << 24) | ((b[0] % 200) << 16) | (b[1] << 8) | b[2]) >>> 0;
  const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
  const n = (base & mask) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${size}`;
}
