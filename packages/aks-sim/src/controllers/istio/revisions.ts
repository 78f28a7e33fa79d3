import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';

export const ISTIO_CONTROLLER_NAME = 'istio.io/gateway-controller';
export const REVISION_LABEL = 'istio.io/rev';

/** asm-1-26 < asm-1-27 < asm-1-100 */
export function compareRevisions(a: string, b: string): number {
  const num = (r: string) => r.split('-').slice(1).map(Number);
  const [x, y] = [num(a), num(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/**
 * Which installed control plane revision owns a Gateway: its own `istio.io/rev` label, else its
 * namespace's, else the highest installed minor revision (the AKS add-on default during upgrades).
 * A label naming a revision that is not installed means no istiod owns the Gateway, so nobody
 * writes its status (it keeps the CRD default "Waiting for controller").
 */
export function owningRevision(
  gateway: KubeObject,
  namespaceLabels: Record<string, string> | undefined,
  installed: string[],
): string | undefined {
  if (installed.length === 0) return undefined;
  const requested = gateway.metadata.labels?.[REVISION_LABEL] ?? namespaceLabels?.[REVISION_LABEL];
  if (requested !== undefined) return installed.includes(requested) ? requested : undefined;
  return [...installed].sort(compareRevisions)[installed.length - 1];
}
