import type { KubeObject } from '../kube/types';
import { InputIssue, InputValidationError } from '../schemas/errors';
import { parseEgressInput, EgressInput } from '../schemas/egressInput';
import { parseGatewayInput, GatewayInput } from '../schemas/gatewayInput';
import { parseKeyVaultTlsInput, KeyVaultTlsInput } from '../schemas/keyVaultTlsInput';
import { parseMeshMtlsInput } from '../schemas/meshMtlsInput';
import { parseRouteInput, RouteInput } from '../schemas/routeInput';
import { sortForApply } from './applyOrder';
import { buildEgressRoutingObjects } from './egress';
import { buildGatewayObjects } from './gateway';
import { buildKeyVaultTlsObjects, KeyVaultTlsTarget, secretProviderClassName, syncWorkloadName } from './keyVaultTls';
import { buildMeshMtlsObjects } from './meshMtls';
import { buildMeshRegistryOnlyConfigMap, buildNamespaceRegistryOnlySidecar, sharedMeshConfigMapName } from './registryOnly';
import { buildRouteObjects, parentGatewayNamespace } from './routes';
import { routeAttachmentRules } from './rules/attachmentRules';
import { egressGatewayCountRules } from './rules/egressRules';
import { tlsPassthroughRules } from './rules/versionRules';

/** The self-service journeys (one scaffolder action each). */
export const TRAFFIC_JOURNEYS = ['gateway', 'route', 'key-vault-tls', 'egress', 'mesh-mtls'] as const;
export type TrafficJourney = (typeof TRAFFIC_JOURNEYS)[number];

/** What the builders need to know about the target cluster. */
export interface BuildChangeContext {
  /** Gateway API bundle on the cluster (CRD annotation gateway.networking.k8s.io/bundle-version), e.g. v1.2.1. */
  gatewayApiVersion: string;
  /** The cluster's Istio add-on revision (e.g. asm-1-26), used where the input names none. */
  istioRevision?: string;
  /** Live Gateway a route attaches to, when known: enables listener/hostname/namespace checks. */
  parentGateway?: KubeObject;
  /** Egress: how many add-on egress gateways the cluster has, and whether the named one exists. */
  existingEgressGatewayCount?: number;
  egressGatewayExists?: boolean;
  /** Egress (mesh-wide REGISTRY_ONLY): current `data.mesh` of the shared MeshConfig, to merge into. */
  sharedMeshConfig?: string;
}

/** Objects in apply order, and things the user should know before applying. */
export interface BuiltChange {
  objects: KubeObject[];
  warnings: string[];
}

/**
 * Parses a journey's input, checks the rules that depend on the cluster, and builds the objects.
 * Throws InputValidationError (and nothing else) for input the cluster cannot take.
 */
export function buildChange(journey: TrafficJourney, input: unknown, context: BuildChangeContext): BuiltChange {
  if (!/^v\d+\.\d+\.\d+$/.test(context.gatewayApiVersion)) {
    throw new InputValidationError([
      { field: 'gatewayApiVersion', message: `"${context.gatewayApiVersion}" is not a Gateway API version: use the form v1.2.1` },
    ]);
  }
  const built = buildJourney(journey, input, context);
  return { objects: sortForApply(built.objects), warnings: built.warnings };
}

function buildJourney(journey: TrafficJourney, input: unknown, context: BuildChangeContext): BuiltChange {
  switch (journey) {
    case 'gateway':
      return buildGatewayChange(parseGatewayInput(input), context);
    case 'route':
      return buildRouteChange(parseRouteInput(input), context);
    case 'key-vault-tls':
      return buildKeyVaultTlsChange(parseKeyVaultTlsInput(input));
    case 'egress':
      return buildEgressChange(parseEgressInput(input), context);
    case 'mesh-mtls': {
      const parsed = parseMeshMtlsInput(input);
      const revision = requireRevision(parsed.revision ?? context.istioRevision, 'revision');
      return {
        objects: buildMeshMtlsObjects({ ...parsed, revision }),
        warnings: [
          `Restart the workloads in ${parsed.namespace} so they get sidecars; until then STRICT mTLS rejects plain-text traffic to them.`,
          `Remove any istio-injection label from ${parsed.namespace}: it overrides istio.io/rev.`,
        ],
      };
    }
    default:
      throw new InputValidationError([
        { field: 'journey', message: `"${String(journey)}" is not a journey: use one of ${TRAFFIC_JOURNEYS.join(', ')}` },
      ]);
  }
}

function throwIfAny(issues: InputIssue[]): void {
  if (issues.length > 0) throw new InputValidationError(issues);
}

function requireRevision(revision: string | undefined, field: string): string {
  if (!revision) {
    throw new InputValidationError([
      { field, message: 'is required: the cluster reported no Istio add-on revision, so name one like asm-1-26' },
    ]);
  }
  return revision;
}

function buildGatewayChange(input: GatewayInput, context: BuildChangeContext): BuiltChange {
  throwIfAny(
    input.listeners.flatMap((listener, index) =>
      listener.protocol === 'TLS'
        ? tlsPassthroughRules(
            { gatewayApiVersion: context.gatewayApiVersion, istioRevision: input.istioRevision ?? context.istioRevision },
            `listeners[${index}].protocol`,
          )
        : [],
    ),
  );
  const warnings: string[] = [];
  for (const listener of input.listeners) {
    if (input.mode === 'managed-external' && listener.port !== 80 && listener.port !== 443) {
      warnings.push(
        `Listener ${listener.name} uses port ${listener.port}, but the managed external ingress Service exposes 80 and 443 only.`,
      );
    }
    if (listener.allowedRoutes.from === 'All') {
      warnings.push(`Listener ${listener.name} accepts routes from every namespace (allowedRoutes from All).`);
    }
    const secretName = listener.tls?.certificateRefs[0]?.name;
    if (listener.tls?.keyVault && secretName) {
      warnings.push(...keyVaultWarnings({ namespace: input.namespace, secretName, keyVault: listener.tls.keyVault }));
    }
  }
  if (input.istioRevision) {
    warnings.push(
      `The Gateway is pinned to ${input.istioRevision} (istio.io/rev): update the label before completing or rolling back an Istio upgrade.`,
    );
  }
  if (input.infrastructure?.privateLinkService) {
    warnings.push(
      'Approve the Azure Front Door private endpoint connection on the Private Link Service once Front Door requests it.',
    );
  }
  const hpaMin = input.customization?.horizontalPodAutoscaler?.minReplicas ?? 2;
  const pdbMin = input.customization?.podDisruptionBudget?.minAvailable;
  if (typeof pdbMin === 'number' && pdbMin >= hpaMin) {
    warnings.push(
      `PodDisruptionBudget minAvailable ${pdbMin} is not below the HPA minimum ${hpaMin}: node drains and AKS upgrades will fail with UpgradeFailed.`,
    );
  }
  return { objects: buildGatewayObjects(input), warnings };
}

function buildRouteChange(input: RouteInput, context: BuildChangeContext): BuiltChange {
  if (input.kind === 'TLSRoute') {
    throwIfAny(tlsPassthroughRules({ gatewayApiVersion: context.gatewayApiVersion, istioRevision: context.istioRevision }, 'kind'));
  }
  if (context.parentGateway) throwIfAny(routeAttachmentRules(input, context.parentGateway));
  const warnings: string[] = [];
  const gatewayNamespace = parentGatewayNamespace(input);
  if (!context.parentGateway && gatewayNamespace !== input.namespace) {
    warnings.push(
      `Gateway ${gatewayNamespace}/${input.gateway.name} must allow routes from namespace ${input.namespace} (listener allowedRoutes), or the route will not be accepted.`,
    );
  }
  const foreignBackends = input.rules
    .flatMap(rule => rule.backends)
    .filter(backend => backend.namespace && backend.namespace !== input.namespace);
  for (const backend of foreignBackends) {
    warnings.push(
      `A ReferenceGrant in ${backend.namespace} lets ${input.kind} ${input.namespace}/${input.name} send traffic to Service ${backend.service}.`,
    );
  }
  if (input.frontDoorHealthProbe?.enabled) {
    warnings.push(
      `The health probe route lives in ${gatewayNamespace}: the Gateway's listener must accept routes from its own namespace.`,
    );
  }
  return { objects: buildRouteObjects(input), warnings };
}

function keyVaultWarnings(target: KeyVaultTlsTarget): string[] {
  const spc = secretProviderClassName(target);
  const identity = target.keyVault.identity;
  const warnings = [
    `Grant identity ${identity.clientId} the "Key Vault Secrets User" role (or get/list secret permissions) on Key Vault ${target.keyVault.keyVaultName}.`,
  ];
  warnings.push(
    target.keyVault.syncWorkload.enabled
      ? `Secret ${target.secretName} exists only while Deployment ${syncWorkloadName(target)} mounts SecretProviderClass ${spc}; keep it running.`
      : `Secret ${target.secretName} syncs only while some pod mounts SecretProviderClass ${spc}: make sure one does.`,
  );
  if (identity.type === 'workload-identity') {
    warnings.push(
      `Federate identity ${identity.clientId} with service account ${target.namespace}/${identity.serviceAccountName ?? syncWorkloadName(target)}.`,
    );
  }
  return warnings;
}

function buildKeyVaultTlsChange(input: KeyVaultTlsInput): BuiltChange {
  const target: KeyVaultTlsTarget = { namespace: input.namespace, secretName: input.secretName, keyVault: input };
  return { objects: buildKeyVaultTlsObjects(target), warnings: keyVaultWarnings(target) };
}

function buildEgressChange(input: EgressInput, context: BuildChangeContext): BuiltChange {
  const warnings: string[] = [];
  const gateway = input.egressGateway;
  if (context.egressGatewayExists === false) {
    throwIfAny(egressGatewayCountRules(context.existingEgressGatewayCount ?? 0, 1, 'egressGateway.name'));
    const sgcName = input.staticGatewayConfiguration?.name ?? '<static-gateway-configuration>';
    warnings.push(
      `Egress gateway ${gateway.namespace}/${gateway.name} does not exist yet: enable it with az aks mesh enable-egress-gateway --istio-egressgateway-name ${gateway.name} --istio-egressgateway-namespace ${gateway.namespace} --gateway-configuration-name ${sgcName}.`,
    );
  }
  const objects = buildEgressRoutingObjects(input);
  const { registryOnly } = input;
  if (registryOnly.scope === 'mesh') {
    const revision = requireRevision(gateway.revision ?? context.istioRevision, 'egressGateway.revision');
    objects.push(buildMeshRegistryOnlyConfigMap({ revision, existingMeshYaml: context.sharedMeshConfig }));
    warnings.push(
      `REGISTRY_ONLY applies to the whole mesh: workloads can then reach only hosts with a ServiceEntry.`,
    );
    if (context.sharedMeshConfig === undefined) {
      warnings.push(
        `ConfigMap ${sharedMeshConfigMapName(revision)} holds only the outbound policy: merge it with the live mesh settings before applying.`,
      );
    }
  } else if (registryOnly.scope === 'namespace' && registryOnly.clientNamespace) {
    objects.push(buildNamespaceRegistryOnlySidecar(registryOnly.clientNamespace));
    warnings.push(
      `The Sidecar "default" in ${registryOnly.clientNamespace} makes its workloads REGISTRY_ONLY; a namespace can have only one such Sidecar.`,
    );
  }
  const sgc = input.staticGatewayConfiguration;
  if (sgc?.publicIpPrefixSize !== undefined) {
    warnings.push(
      `The public IP prefix size (/${sgc.publicIpPrefixSize}) is a property of the gateway node pool (--gateway-prefix-size), not of StaticGatewayConfiguration ${sgc.name}.`,
    );
  }
  warnings.push(`Client workloads need Istio sidecars (namespace label istio.io/rev) for their traffic to use the egress gateway.`);
  return { objects, warnings };
}
