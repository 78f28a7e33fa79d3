import { load as loadYaml } from 'js-yaml';
import { KubeObject } from '../../kube';
import { OutboundPolicyView, OutboundTrafficMode } from '../../model';
import { compareRevisions } from '../revision';
import { asArray, asString, field } from '../safe';

/** Users edit `istio-shared-configmap-<rev>` in aks-istio-system; `istio-<rev>` is AKS-managed. */
export const MESH_CONFIG_NAMESPACE = 'aks-istio-system';
const SHARED_CONFIGMAP_PREFIX = 'istio-shared-configmap-';

function readMode(value: unknown): OutboundTrafficMode | undefined {
  const mode = asString(value);
  return mode === 'REGISTRY_ONLY' || mode === 'ALLOW_ANY' ? mode : undefined;
}

/** `outboundTrafficPolicy.mode` from a shared mesh ConfigMap's `data.mesh` YAML; undefined when unset or unparsable. */
export function meshOutboundMode(
  configMap: KubeObject,
): OutboundTrafficMode | undefined {
  try {
    return readMode(
      field(
        loadYaml(asString(field(configMap, 'data', 'mesh')) ?? ''),
        'outboundTrafficPolicy',
        'mode',
      ),
    );
  } catch {
    return undefined;
  }
}

function sharedConfigMapFor(
  configMaps: KubeObject[],
  revision?: string,
): KubeObject | undefined {
  const shared = configMaps.filter(
    c =>
      asString(field(c, 'metadata', 'namespace')) === MESH_CONFIG_NAMESPACE &&
      (asString(field(c, 'metadata', 'name')) ?? '').startsWith(
        SHARED_CONFIGMAP_PREFIX,
      ),
  );
  if (revision) {
    return shared.find(
      c =>
        asString(field(c, 'metadata', 'name')) ===
        `${SHARED_CONFIGMAP_PREFIX}${revision}`,
    );
  }
  // Without a known revision, the newest revision's ConfigMap is the one that takes effect after upgrade.
  return shared.sort((a, b) =>
    compareRevisions(
      asString(field(a, 'metadata', 'name')) ?? '',
      asString(field(b, 'metadata', 'name')) ?? '',
    ),
  )[shared.length - 1];
}

/** A Sidecar without workloadSelector applies to its whole namespace. */
function namespaceSidecarMode(
  sidecars: KubeObject[],
  namespace: string,
): { mode: OutboundTrafficMode; name: string } | undefined {
  for (const sidecar of sidecars) {
    if (
      asString(field(sidecar, 'metadata', 'namespace')) !== namespace ||
      field(sidecar, 'spec', 'workloadSelector')
    ) {
      continue;
    }
    const mode = readMode(
      field(sidecar, 'spec', 'outboundTrafficPolicy', 'mode'),
    );
    if (mode) {
      return {
        mode,
        name: asString(field(sidecar, 'metadata', 'name')) ?? '?',
      };
    }
  }
  return undefined;
}

/**
 * The outbound traffic policy for workloads in `namespace`: a namespace-wide Sidecar wins, then a Sidecar
 * in the mesh root namespace, then the shared mesh ConfigMap, then Istio's default ALLOW_ANY.
 */
export function interpretOutboundPolicy(options: {
  namespace: string;
  configMaps: KubeObject[];
  sidecars: KubeObject[];
  revision?: string;
}): OutboundPolicyView {
  const sidecars = asArray(options.sidecars) as KubeObject[];
  const own = namespaceSidecarMode(sidecars, options.namespace);
  if (own) {
    return {
      mode: own.mode,
      scope: 'namespace',
      source: `Sidecar ${options.namespace}/${own.name}`,
    };
  }
  const root = namespaceSidecarMode(sidecars, MESH_CONFIG_NAMESPACE);
  if (root) {
    return {
      mode: root.mode,
      scope: 'mesh',
      source: `Sidecar ${MESH_CONFIG_NAMESPACE}/${root.name}`,
    };
  }
  const configMap = sharedConfigMapFor(
    asArray(options.configMaps) as KubeObject[],
    options.revision,
  );
  const fromMesh = configMap ? meshOutboundMode(configMap) : undefined;
  if (configMap && fromMesh) {
    return {
      mode: fromMesh,
      scope: 'mesh',
      source: `ConfigMap ${MESH_CONFIG_NAMESPACE}/${asString(
        field(configMap, 'metadata', 'name'),
      )}`,
    };
  }
  return { mode: 'ALLOW_ANY', scope: 'mesh', source: 'Istio default' };
}
