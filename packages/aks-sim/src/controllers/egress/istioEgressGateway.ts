import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { ObjectStore } from '../../store/types';
import { resourceOf } from '../common/kinds';

export const EGRESS_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_EGRESS_GATEWAYS_PER_CLUSTER = 500;
export const SGC_ANNOTATION = 'kubernetes.azure.com/static-gateway-configuration';
const EGRESS_MARKER_LABEL = 'kubernetes.azure.com/istio-egress-gateway';

export interface EnableEgressGatewayOptions {
  name: string;
  /** Defaults to aks-istio-egress, like the CLI. */
  namespace?: string;
  gatewayConfigurationName: string;
  /** Installed revisions; a Deployment per revision, as during a minor upgrade. */
  revisions: string[];
}

/** Why the name is refused, in the CLI's terms, or undefined when it is valid. */
export function egressGatewayNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 53) return `Istio egress gateway name "${name}" must be between 1-53 characters`;
  if (!EGRESS_NAME_PATTERN.test(name)) {
    return `Istio egress gateway name "${name}" must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (regex ${EGRESS_NAME_PATTERN.source})`;
  }
  return undefined;
}

/**
 * What `az aks mesh enable-egress-gateway` makes the add-on create: a ClusterIP Service `N` and a
 * Deployment `N-asm-1-XX` (per revision) whose pods carry the static gateway annotation.
 */
export function enableIstioEgressGateway(store: ObjectStore, options: EnableEgressGatewayOptions): KubeObject[] {
  const namespace = options.namespace ?? 'aks-istio-egress';
  const problem = egressGatewayNameProblem(options.name);
  if (problem) throw new Error(problem);
  const deployType = resourceOf(store, 'deployment');
  const svcType = resourceOf(store, 'service');
  if (!deployType || !svcType) throw new Error('the cluster does not serve Deployments and Services');
  const existing = new Set(
    store.list(deployType).filter(d => d.metadata.labels?.[EGRESS_MARKER_LABEL]).map(d => `${d.metadata.namespace}/${d.metadata.labels?.istio}`),
  );
  if (!existing.has(`${namespace}/${options.name}`) && existing.size >= MAX_EGRESS_GATEWAYS_PER_CLUSTER) {
    throw new Error(`a cluster can have at most ${MAX_EGRESS_GATEWAYS_PER_CLUSTER} Istio add-on egress gateways`);
  }
  const labels = { app: options.name, istio: options.name, [EGRESS_MARKER_LABEL]: 'true' };
  const created: KubeObject[] = [];
  created.push(
    store.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: options.name, namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector: { app: options.name, istio: options.name },
          ports: [
            { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
            { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 },
            { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          ],
        },
      },
      { fieldManager: 'aks-istio-addon', force: true },
    ),
  );
  for (const revision of options.revisions) {
    const podLabels = { ...labels, 'istio.io/rev': revision, 'sidecar.istio.io/inject': 'true' };
    created.push(
      store.apply(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: `${options.name}-${revision}`, namespace, labels: { ...labels, 'istio.io/rev': revision } },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: options.name, istio: options.name, 'istio.io/rev': revision } },
            template: {
              metadata: { labels: podLabels, annotations: { [SGC_ANNOTATION]: options.gatewayConfigurationName, 'inject.istio.io/templates': 'gateway' } },
              spec: {
                affinity: {
                  nodeAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                      { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.azure.com/mode', operator: 'In', values: ['system'] }] } },
                      { weight: 50, preference: { matchExpressions: [{ key: 'azureservicemesh/istio.replica.preferred', operator: 'In', values: ['true'] }] } },
                    ],
                  },
                },
                containers: [{ name: 'istio-proxy', image: 'auto' }],
              },
            },
          },
        },
        { fieldManager: 'aks-istio-addon', force: true },
      ),
    );
  }
  return created;
}
