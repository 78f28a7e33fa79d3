import {
  EgressInput,
  InputIssue,
  KubeObject,
  parseApiVersion,
  RouteInput,
  routeAttachmentRules,
  sharedMeshConfigMapName,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ObjectReader } from './liveReader';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const SGC_ANNOTATION = 'kubernetes.azure.com/static-gateway-configuration';

export interface PreflightResult {
  issues: InputIssue[];
  warnings: string[];
}

/** Maps a problem in object `index` to the field the user can fix (journey input field, or the raw object path). */
export type FieldMapper = (
  index: number,
  object: KubeObject,
  journeyField: string,
  objectPath: string,
) => string;

export const journeyFields: FieldMapper = (_index, _object, journeyField) =>
  `input.${journeyField}`;
export const rawObjectFields: FieldMapper = (
  index,
  _object,
  _journeyField,
  objectPath,
) => `objects[${index}].${objectPath}`;

const groupOf = (object: KubeObject) =>
  parseApiVersion(object.apiVersion ?? '').group;
const isKind = (object: KubeObject, group: string, kind: string) =>
  object.kind === kind && groupOf(object) === group;
const refKey = (namespace: string | undefined, name: string) =>
  `${namespace ?? ''}/${name}`;

function findInChange(
  objects: KubeObject[],
  group: string,
  kind: string,
  namespace: string,
  name: string,
) {
  return objects.find(
    o =>
      isKind(o, group, kind) &&
      o.metadata.name === name &&
      (o.metadata.namespace ?? namespace) === namespace,
  );
}

/**
 * Preflight against live cluster state: parent Gateways exist and admit each route's namespace and
 * hostnames; backend Services and ports exist; TLS Secrets (or the SecretProviderClass that syncs
 * them) exist; no other route owns the same hostname + path on the same Gateway.
 */
export async function preflightObjects(options: {
  objects: KubeObject[];
  reader: ObjectReader;
  fields: FieldMapper;
}): Promise<PreflightResult> {
  const { objects, reader, fields } = options;
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  const routes = objects
    .map((object, index) => ({ object, index }))
    .filter(
      ({ object }) =>
        groupOf(object) === GATEWAY_API_GROUP &&
        (object.kind === 'HTTPRoute' || object.kind === 'TLSRoute'),
    );

  for (const { object: route, index } of routes) {
    const namespace = route.metadata.namespace ?? 'default';
    const parentRefs: any[] = route.spec?.parentRefs ?? [];
    for (const [p, parentRef] of parentRefs.entries()) {
      if (
        (parentRef.kind ?? 'Gateway') !== 'Gateway' ||
        (parentRef.group ?? GATEWAY_API_GROUP) !== GATEWAY_API_GROUP
      )
        continue;
      const gatewayNamespace = parentRef.namespace ?? namespace;
      const gateway =
        findInChange(
          objects,
          GATEWAY_API_GROUP,
          'Gateway',
          gatewayNamespace,
          parentRef.name,
        ) ??
        (await reader.get(
          `${GATEWAY_API_GROUP}/v1`,
          'Gateway',
          gatewayNamespace,
          parentRef.name,
        ));
      if (!gateway) {
        issues.push({
          field: fields(
            index,
            route,
            'gateway.name',
            `spec.parentRefs[${p}].name`,
          ),
          message: `Gateway ${gatewayNamespace}/${parentRef.name} does not exist on the cluster: pick an existing Gateway or create it first`,
        });
        continue;
      }
      const attachment = {
        namespace,
        kind: route.kind,
        gateway: {
          name: parentRef.name,
          namespace: parentRef.namespace,
          sectionName: parentRef.sectionName,
          port: parentRef.port,
        },
        hostnames: route.spec?.hostnames ?? [],
      } as unknown as RouteInput;
      for (const issue of routeAttachmentRules(attachment, gateway)) {
        issues.push({
          field: fields(
            index,
            route,
            issue.field,
            `spec.${issue.field === 'namespace' ? 'parentRefs' : issue.field}`,
          ),
          message: issue.message,
        });
      }
    }
    issues.push(
      ...(await checkBackends(
        route,
        index,
        namespace,
        objects,
        reader,
        fields,
      )),
    );
  }
  const httpRoutes = routes.filter(({ object }) => object.kind === 'HTTPRoute');
  if (httpRoutes.length > 0) {
    const live = await reader.list(`${GATEWAY_API_GROUP}/v1`, 'HTTPRoute');
    for (const { object, index } of httpRoutes)
      issues.push(...ownershipConflicts(object, index, live, fields));
  }
  for (const [index, object] of objects.entries()) {
    if (!isKind(object, GATEWAY_API_GROUP, 'Gateway')) continue;
    const result = await checkCertificates(
      object,
      index,
      objects,
      reader,
      fields,
    );
    issues.push(...result.issues);
    warnings.push(...result.warnings);
  }
  return { issues, warnings };
}

async function checkBackends(
  route: KubeObject,
  index: number,
  namespace: string,
  objects: KubeObject[],
  reader: ObjectReader,
  fields: FieldMapper,
): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  const generatedServices = new Set(
    objects
      .filter(o => isKind(o, GATEWAY_API_GROUP, 'Gateway'))
      .map(o =>
        refKey(o.metadata.namespace ?? 'default', `${o.metadata.name}-istio`),
      ),
  );
  const rules: any[] = route.spec?.rules ?? [];
  for (const [r, rule] of rules.entries()) {
    for (const [b, backend] of (rule.backendRefs ?? []).entries()) {
      if (
        (backend.kind ?? 'Service') !== 'Service' ||
        (backend.group ?? '') !== ''
      )
        continue;
      const serviceNamespace = backend.namespace ?? namespace;
      if (generatedServices.has(refKey(serviceNamespace, backend.name)))
        continue;
      const isProbeRoute = route.metadata.name.endsWith(
        '-frontdoor-health-probe',
      );
      const journeyField = isProbeRoute
        ? 'frontDoorHealthProbe.gatewayServiceName'
        : `rules[${r}].backends[${b}]`;
      const service = await reader.get(
        'v1',
        'Service',
        serviceNamespace,
        backend.name,
      );
      if (!service) {
        issues.push({
          field: fields(
            index,
            route,
            isProbeRoute ? journeyField : `${journeyField}.service`,
            `spec.rules[${r}].backendRefs[${b}].name`,
          ),
          message: `Service ${serviceNamespace}/${backend.name} does not exist: deploy the app first or fix the name`,
        });
        continue;
      }
      const ports: number[] = (service.spec?.ports ?? []).map(
        (port: any) => port.port,
      );
      if (backend.port !== undefined && !ports.includes(backend.port)) {
        issues.push({
          field: fields(
            index,
            route,
            isProbeRoute
              ? 'frontDoorHealthProbe.readinessPort'
              : `${journeyField}.port`,
            `spec.rules[${r}].backendRefs[${b}].port`,
          ),
          message: `${
            backend.port
          } is not a port of Service ${serviceNamespace}/${
            backend.name
          }: use one of ${ports.join(', ') || '(none)'}`,
        });
      }
    }
  }
  return issues;
}

function pathMatches(route: KubeObject): string[] {
  const rules: any[] = route.spec?.rules ?? [];
  const out: string[] = [];
  for (const rule of rules) {
    const matches: any[] = rule.matches?.length ? rule.matches : [{}];
    for (const match of matches)
      out.push(
        `${match.path?.type ?? 'PathPrefix'} ${match.path?.value ?? '/'}`,
      );
  }
  return out;
}

function parentKeys(route: KubeObject): Set<string> {
  const namespace = route.metadata.namespace ?? 'default';
  return new Set(
    ((route.spec?.parentRefs ?? []) as any[])
      .filter(ref => (ref.kind ?? 'Gateway') === 'Gateway')
      .map(ref => refKey(ref.namespace ?? namespace, ref.name)),
  );
}

/** Another route already serving the same hostname + path match on the same Gateway owns it. */
function ownershipConflicts(
  route: KubeObject,
  index: number,
  live: KubeObject[],
  fields: FieldMapper,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const parents = parentKeys(route);
  const hostnames: string[] = route.spec?.hostnames?.length
    ? route.spec.hostnames
    : [''];
  const paths = new Set(pathMatches(route));
  for (const other of live) {
    if (
      other.metadata.name === route.metadata.name &&
      other.metadata.namespace === route.metadata.namespace
    )
      continue;
    if (![...parentKeys(other)].some(key => parents.has(key))) continue;
    const otherHosts: string[] = other.spec?.hostnames?.length
      ? other.spec.hostnames
      : [''];
    const shared = pathMatches(other).filter(path => paths.has(path));
    if (shared.length === 0) continue;
    hostnames.forEach((host, h) => {
      if (!otherHosts.includes(host)) return;
      issues.push({
        field: fields(index, route, `hostnames[${h}]`, `spec.hostnames[${h}]`),
        message: `${
          host ? `"${host}"` : 'every hostname'
        } with path ${shared.join(', ')} is already served by HTTPRoute ${
          other.metadata.namespace
        }/${
          other.metadata.name
        } on the same Gateway: use another hostname or path, or change that route`,
      });
    });
  }
  return issues;
}

async function checkCertificates(
  gateway: KubeObject,
  index: number,
  objects: KubeObject[],
  reader: ObjectReader,
  fields: FieldMapper,
): Promise<PreflightResult> {
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  const namespace = gateway.metadata.namespace ?? 'default';
  const listeners: any[] = gateway.spec?.listeners ?? [];
  for (const [l, listener] of listeners.entries()) {
    if (listener.protocol !== 'HTTPS' || listener.tls?.mode === 'Passthrough')
      continue;
    for (const [c, ref] of (listener.tls?.certificateRefs ?? []).entries()) {
      if ((ref.kind ?? 'Secret') !== 'Secret' || (ref.group ?? '') !== '')
        continue;
      const secretNamespace = ref.namespace ?? namespace;
      const syncs = (spc: KubeObject) =>
        ((spc.spec?.secretObjects ?? []) as any[]).some(
          secretObject => secretObject.secretName === ref.name,
        );
      const inChange = objects.some(
        o =>
          o.kind === 'SecretProviderClass' &&
          (o.metadata.namespace ?? namespace) === secretNamespace &&
          syncs(o),
      );
      if (inChange) continue;
      const secret = await reader.get(
        'v1',
        'Secret',
        secretNamespace,
        ref.name,
      );
      if (secret) continue;
      const spcs = await reader.list(
        'secrets-store.csi.x-k8s.io/v1',
        'SecretProviderClass',
        secretNamespace,
      );
      const spc = spcs.find(syncs);
      if (spc) {
        warnings.push(
          `Secret ${secretNamespace}/${ref.name} has not synced yet: it appears once a pod mounts SecretProviderClass ${spc.metadata.name}; until then listener ${listener.name} reports InvalidCertificateRef.`,
        );
        continue;
      }
      issues.push({
        field: fields(
          index,
          gateway,
          `listeners[${l}].tls.certificateRefs[${c}].name`,
          `spec.listeners[${l}].tls.certificateRefs[${c}].name`,
        ),
        message: `Secret ${secretNamespace}/${ref.name} does not exist and no SecretProviderClass in ${secretNamespace} syncs it: sync it from Key Vault (listeners[${l}].tls.keyVault or the traffic:tls:create action) or fix the name`,
      });
    }
  }
  return { issues, warnings };
}

/** Egress preflight: the add-on egress gateway exists and its StaticGatewayConfiguration has an egress prefix. */
export async function preflightEgress(
  input: EgressInput,
  reader: ObjectReader,
): Promise<PreflightResult & { exists: boolean }> {
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  const gateway = input.egressGateway;
  const service = await reader.get(
    'v1',
    'Service',
    gateway.namespace,
    gateway.name,
  );
  if (!service) {
    issues.push({
      field: 'input.egressGateway.name',
      message: `Egress gateway ${gateway.namespace}/${gateway.name} does not exist: enable it first with az aks mesh enable-egress-gateway --istio-egressgateway-name ${gateway.name} --istio-egressgateway-namespace ${gateway.namespace}`,
    });
    return { issues, warnings, exists: false };
  }
  const sgcInput = input.staticGatewayConfiguration;
  if (sgcInput?.create) {
    warnings.push(
      `StaticGatewayConfiguration ${gateway.namespace}/${sgcInput.name} is new: its egress prefix appears once kube-egress-gateway provisions it.`,
    );
    return { issues, warnings, exists: true };
  }
  let sgcName = sgcInput?.name;
  if (!sgcName) {
    const deployments = await reader.list(
      'apps/v1',
      'Deployment',
      gateway.namespace,
      `istio=${gateway.selectorLabel ?? gateway.name}`,
    );
    sgcName = deployments
      .map(
        d =>
          d.spec?.template?.metadata?.annotations?.[SGC_ANNOTATION] as
            | string
            | undefined,
      )
      .find(Boolean);
  }
  if (!sgcName) {
    warnings.push(
      `Could not tell which StaticGatewayConfiguration egress gateway ${gateway.name} uses: check its egress IP prefix by hand.`,
    );
    return { issues, warnings, exists: true };
  }
  const sgc = await reader.get(
    'egressgateway.kubernetes.azure.com/v1alpha1',
    'StaticGatewayConfiguration',
    gateway.namespace,
    sgcName,
  );
  const field = sgcInput
    ? 'input.staticGatewayConfiguration.name'
    : 'input.egressGateway.name';
  if (!sgc) {
    issues.push({
      field,
      message: `StaticGatewayConfiguration ${gateway.namespace}/${sgcName} does not exist: create it (staticGatewayConfiguration.create) or fix the name`,
    });
  } else if (!sgc.status?.egressIpPrefix) {
    issues.push({
      field,
      message: `StaticGatewayConfiguration ${gateway.namespace}/${sgcName} has no egress IP prefix yet: wait until kube-egress-gateway assigns one (status.egressIpPrefix), then retry`,
    });
  }
  return { issues, warnings, exists: true };
}

/** The live shared MeshConfig (`data.mesh`) to merge REGISTRY_ONLY into, or undefined when absent. */
export async function readSharedMeshConfig(
  revision: string,
  reader: ObjectReader,
): Promise<string | undefined> {
  const configMap = await reader.get(
    'v1',
    'ConfigMap',
    'aks-istio-system',
    sharedMeshConfigMapName(revision),
  );
  return configMap ? (configMap as any).data?.mesh ?? '' : undefined;
}
