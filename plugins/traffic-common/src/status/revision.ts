import { KubeObject } from '../kube';
import { GatewayDeploymentMode } from '../model';
import { asArray, asRecord, asString, field } from './safe';

export const ISTIO_CONTROLLER_NAME = 'istio.io/gateway-controller';
const REVISION_LABEL = 'istio.io/rev';

/** Whether the Istio controller handles a class: by the GatewayClass' controllerName when known, else by name. */
export function isIstioClass(
  className: string | undefined,
  gatewayClasses?: KubeObject[],
): boolean {
  if (!className) {
    return false;
  }
  const gatewayClass = gatewayClasses?.find(
    c => asString(field(c, 'metadata', 'name')) === className,
  );
  const controller = asString(field(gatewayClass, 'spec', 'controllerName'));
  if (controller) {
    return controller.startsWith('istio.io/');
  }
  // Istio's built-in classes: istio, istio-remote, istio-waypoint, istio-east-west.
  return className === 'istio' || className.startsWith('istio-');
}

/**
 * A single Hostname address means the Gateway programs an existing gateway Service (manual deployment,
 * e.g. the AKS managed `aks-istio-ingressgateway-external`); otherwise Istio deploys `<name>-istio`.
 */
export function gatewayDeploymentMode(
  gateway: KubeObject,
  gatewayClasses?: KubeObject[],
): GatewayDeploymentMode {
  const className = asString(field(gateway, 'spec', 'gatewayClassName'));
  if (!isIstioClass(className, gatewayClasses)) {
    return 'external-controller';
  }
  const addresses = asArray(field(gateway, 'spec', 'addresses'));
  const onlyHostname =
    addresses.length === 1 &&
    (asString(asRecord(addresses[0]).type) ?? 'IPAddress') === 'Hostname';
  return onlyHostname ? 'manual' : 'automated';
}

/** Orders `asm-1-26` < `asm-1-27` < `asm-1-100` (numeric parts compared as numbers). */
export function compareRevisions(a: string, b: string): number {
  const parts = (r: string) =>
    r
      .split(/[^0-9]+/)
      .filter(Boolean)
      .map(Number);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (diff !== 0) {
      return diff;
    }
  }
  return a.localeCompare(b);
}

export interface OwningRevision {
  revision?: string;
  source?: 'gateway-label' | 'namespace-label' | 'highest-installed';
}

/**
 * Which control plane revision owns a Gateway: its `istio.io/rev` label pins it; otherwise the namespace
 * label decides; otherwise, during an upgrade with two revisions, the higher one takes ownership.
 */
export function owningRevision(options: {
  gateway: KubeObject;
  namespaceLabels?: Record<string, string>;
  installedRevisions?: string[];
}): OwningRevision {
  const pinned = asString(
    asRecord(field(options.gateway, 'metadata', 'labels'))[REVISION_LABEL],
  );
  if (pinned) {
    return { revision: pinned, source: 'gateway-label' };
  }
  const fromNamespace = options.namespaceLabels?.[REVISION_LABEL];
  if (fromNamespace) {
    return { revision: fromNamespace, source: 'namespace-label' };
  }
  const installed = [...(options.installedRevisions ?? [])].sort(
    compareRevisions,
  );
  if (installed.length > 0) {
    return {
      revision: installed[installed.length - 1],
      source: 'highest-installed',
    };
  }
  return {};
}
