import type { KubeObject } from '../kube/types';
import type { GatewayInput, GatewayListenerInput } from '../schemas/gatewayInput';
import { MANAGED_INGRESS_NAMESPACE } from '../schemas/gatewayInput';
import { buildGatewayCustomizationConfigMap, customizationConfigMapName } from './gatewayCustomization';
import { infrastructureAnnotationsFor } from './infrastructureAnnotations';
import { buildKeyVaultTlsObjects } from './keyVaultTls';
import { compact, GATEWAY_API_V1, ISTIO_REVISION_LABEL, nonEmpty } from './names';
import { buildReferenceGrants } from './referenceGrants';

/** Service of the AKS-managed external Istio ingress gateway, as a Gateway Hostname address. */
export const MANAGED_EXTERNAL_INGRESS_ADDRESS = `aks-istio-ingressgateway-external.${MANAGED_INGRESS_NAMESPACE}.svc.cluster.local`;
export const ALB_NAME_ANNOTATION = 'alb.networking.azure.io/alb-name';
export const ALB_NAMESPACE_ANNOTATION = 'alb.networking.azure.io/alb-namespace';
export const ALB_ID_ANNOTATION = 'alb.networking.azure.io/alb-id';

function buildListener(listener: GatewayListenerInput): Record<string, unknown> {
  const { tls, allowedRoutes } = listener;
  const selector = nonEmpty(allowedRoutes.selector);
  return compact({
    name: listener.name,
    hostname: listener.hostname,
    port: listener.port,
    protocol: listener.protocol,
    tls:
      tls && listener.protocol !== 'HTTP'
        ? compact({
            mode: tls.mode,
            certificateRefs:
              tls.mode === 'Terminate' ? tls.certificateRefs.map(ref => compact({ name: ref.name, namespace: ref.namespace })) : undefined,
          })
        : undefined,
    allowedRoutes: {
      namespaces: compact({
        from: allowedRoutes.from,
        selector: allowedRoutes.from === 'Selector' && selector ? { matchLabels: selector } : undefined,
      }),
    },
  });
}

function gatewayAnnotations(input: GatewayInput): Record<string, string> | undefined {
  if (input.gatewayClass !== 'azure-alb-external' || !input.alb) return undefined;
  if (input.alb.id) return { [ALB_ID_ANNOTATION]: input.alb.id };
  // Seed order: namespace, then name.
  return compact({ [ALB_NAMESPACE_ANNOTATION]: input.alb.namespace, [ALB_NAME_ANNOTATION]: input.alb.name }) as Record<
    string,
    string
  >;
}

function infrastructureOf(input: GatewayInput): Record<string, unknown> | undefined {
  const annotations = input.infrastructure ? nonEmpty(infrastructureAnnotationsFor(input.infrastructure)) : undefined;
  const hasCustomization =
    input.customization !== undefined &&
    buildGatewayCustomizationConfigMap({ gatewayName: input.name, namespace: input.namespace, customization: input.customization });
  const parametersRef =
    hasCustomization && input.customization
      ? { group: '', kind: 'ConfigMap', name: customizationConfigMapName(input.name, input.customization) }
      : undefined;
  return nonEmpty(compact({ annotations, parametersRef }));
}

/** The Gateway itself: class, address (managed ingress), listeners, infrastructure, revision pin. */
export function buildGateway(input: GatewayInput): KubeObject {
  return {
    apiVersion: GATEWAY_API_V1,
    kind: 'Gateway',
    metadata: compact({
      name: input.name,
      namespace: input.namespace,
      labels: input.istioRevision ? { [ISTIO_REVISION_LABEL]: input.istioRevision } : undefined,
      annotations: gatewayAnnotations(input),
    }),
    spec: compact({
      gatewayClassName: input.gatewayClass,
      // One Hostname address = Istio's manual deployment: program the managed gateway, create nothing.
      addresses: input.mode === 'managed-external' ? [{ type: 'Hostname', value: MANAGED_EXTERNAL_INGRESS_ADDRESS }] : undefined,
      listeners: input.listeners.map(buildListener),
      infrastructure: infrastructureOf(input),
    }),
  };
}

/**
 * Everything a Gateway input needs, in apply order: Key Vault sync objects and the
 * customization ConfigMap, grants for Secrets in other namespaces, then the Gateway.
 */
export function buildGatewayObjects(input: GatewayInput): KubeObject[] {
  const keyVaultObjects = input.listeners.flatMap(listener => {
    const keyVault = listener.tls?.keyVault;
    const secretName = listener.tls?.certificateRefs[0]?.name;
    return keyVault && secretName ? buildKeyVaultTlsObjects({ namespace: input.namespace, secretName, keyVault }) : [];
  });
  const customization = input.customization
    ? buildGatewayCustomizationConfigMap({ gatewayName: input.name, namespace: input.namespace, customization: input.customization })
    : undefined;
  const secretGrants = buildReferenceGrants(
    input.listeners.flatMap(listener =>
      (listener.tls?.mode === 'Terminate' ? listener.tls.certificateRefs : []).map(ref => ({
        fromKind: 'Gateway',
        fromNamespace: input.namespace,
        fromName: input.name,
        toKind: 'Secret' as const,
        toNamespace: ref.namespace ?? input.namespace,
        toName: ref.name,
      })),
    ),
  );
  return [...keyVaultObjects, ...(customization ? [customization] : []), ...secretGrants, buildGateway(input)];
}
