import type { InputIssue } from '../../schemas/errors';
import type { MeshMtlsInput } from '../../schemas/meshMtlsInput';

/** Namespaces where sidecar injection or strict mTLS would break the platform itself. */
export const PLATFORM_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'aks-istio-system',
  'aks-istio-ingress',
  'aks-istio-egress',
  'azure-alb-system',
  'gatekeeper-system',
  'calico-system',
  'tigera-operator',
];

export function meshMtlsRules(input: MeshMtlsInput): InputIssue[] {
  if (!PLATFORM_NAMESPACES.includes(input.namespace)) return [];
  return [
    {
      field: 'namespace',
      message: `"${input.namespace}" is a platform namespace where injection or strict mTLS breaks AKS components: use an application namespace`,
    },
  ];
}
