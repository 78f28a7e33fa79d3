import { KubeObject } from '../kube';
import {
  ObjectRef,
  RouteKind,
  RouteParentView,
  RouteView,
  StatusCheck,
} from '../model';
import { conditionCheck } from './checks';
import { generationOf, readConditions } from './conditions';
import { ISTIO_CONTROLLER_NAME, isIstioClass } from './revision';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  field,
} from './safe';
import { linkPath, routeUrls } from './routeUrls';
import { readRouteRules } from './routeRules';
import { primaryProblem, summarize } from './state';

export interface RouteInterpretationInput {
  route: KubeObject;
  /** Gateways of the cluster (at least the route's parents), to name listeners and build URLs. */
  gateways?: KubeObject[];
  gatewayClasses?: KubeObject[];
}

export interface NormalizedParentRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  port?: number;
}

/** Fills a parentRef's defaults (group gateway.networking.k8s.io, kind Gateway, the route's namespace). */
export function normalizeParentRef(
  value: unknown,
  routeNamespace: string,
): NormalizedParentRef {
  const ref = asRecord(value);
  return {
    group: asString(ref.group) ?? 'gateway.networking.k8s.io',
    kind: asString(ref.kind) ?? 'Gateway',
    namespace: asString(ref.namespace) ?? routeNamespace,
    name: asString(ref.name) ?? '?',
    ...(asString(ref.sectionName)
      ? { sectionName: asString(ref.sectionName) }
      : {}),
    ...(asNumber(ref.port) !== undefined ? { port: asNumber(ref.port) } : {}),
  };
}

export function parentRefKey(ref: NormalizedParentRef): string {
  return [
    ref.group,
    ref.kind,
    ref.namespace,
    ref.name,
    ref.sectionName ?? '',
    ref.port ?? '',
  ].join('/');
}

const metaName = (o: unknown) => asString(field(o, 'metadata', 'name'));
const metaNamespace = (o: unknown) =>
  asString(field(o, 'metadata', 'namespace'));

function controllerOf(
  gateway: KubeObject | undefined,
  gatewayClasses?: KubeObject[],
): string | undefined {
  const className = asString(field(gateway, 'spec', 'gatewayClassName'));
  const gatewayClass = gatewayClasses?.find(c => metaName(c) === className);
  return (
    asString(field(gatewayClass, 'spec', 'controllerName')) ??
    (isIstioClass(className, gatewayClasses)
      ? ISTIO_CONTROLLER_NAME
      : undefined)
  );
}

/** Listeners of `gateway` a parentRef selects (by sectionName and/or port). */
function selectedListeners(
  gateway: KubeObject | undefined,
  ref: NormalizedParentRef,
): Record<string, unknown>[] {
  return asArray(field(gateway, 'spec', 'listeners'))
    .map(asRecord)
    .filter(l =>
      ref.sectionName ? asString(l.name) === ref.sectionName : true,
    )
    .filter(l =>
      ref.port !== undefined ? asNumber(l.port) === ref.port : true,
    );
}

function routeKindOf(route: KubeObject): RouteKind {
  return asRecord(route).kind === 'TLSRoute' ? 'TLSRoute' : 'HTTPRoute';
}

function crossNamespaceBackends(
  route: KubeObject,
  namespace: string,
): string[] {
  return asArray(field(route, 'spec', 'rules'))
    .flatMap(r => asArray(asRecord(r).backendRefs))
    .map(asRecord)
    .filter(b => asString(b.namespace) && asString(b.namespace) !== namespace)
    .map(
      b =>
        `${asString(b.kind) ?? 'Service'} ${asString(b.namespace)}/${
          asString(b.name) ?? '?'
        }`,
    );
}

function interpretParent(options: {
  route: KubeObject;
  ref: NormalizedParentRef;
  statusEntries: Record<string, unknown>[];
  gateway: KubeObject | undefined;
  input: RouteInterpretationInput;
}): RouteParentView {
  const { route, ref, gateway, input } = options;
  const routeNamespace = metaNamespace(route) ?? 'default';
  const isGateway =
    ref.kind === 'Gateway' && ref.group === 'gateway.networking.k8s.io';
  const expectedController = isGateway
    ? controllerOf(gateway, input.gatewayClasses)
    : undefined;
  // Several controllers may report on one parentRef; the one that owns the Gateway's class is authoritative.
  const entry =
    options.statusEntries.find(
      e =>
        expectedController && asString(e.controllerName) === expectedController,
    ) ??
    options.statusEntries.find(e =>
      readConditions(e.conditions).some(c => c.type === 'Accepted'),
    ) ??
    options.statusEntries[0];
  const listeners = selectedListeners(gateway, ref);
  const parentName = `${ref.namespace}/${ref.name}`;
  const gatewayRef: ObjectRef = {
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace,
    ...(isGateway ? {} : { group: ref.group }),
  };
  const base = {
    gatewayRef,
    ...(ref.sectionName ? { sectionName: ref.sectionName } : {}),
    ...(ref.port !== undefined ? { port: ref.port } : {}),
    listenerNames: listeners.map(l => asString(l.name) ?? '?'),
  };

  if (!entry) {
    const missingGateway =
      isGateway && input.gateways !== undefined && !gateway;
    const check: StatusCheck = missingGateway
      ? {
          state: 'error',
          reason: 'NoMatchingParent',
          message: `Gateway ${parentName} does not exist.`,
          fix: `Check parentRefs[].name and namespace, or pick a Gateway from the list of Gateways in the cluster.`,
        }
      : {
          state: 'pending',
          message: `No controller has reported on this route for ${ref.kind} ${parentName} yet.`,
          fix: `If this lasts, check that ${ref.kind} ${parentName} exists and that its gatewayClassName is handled by a controller (e.g. istio).`,
        };
    return {
      ...base,
      accepted: check,
      resolvedRefs: check,
      problem: check,
      state: check.state,
    };
  }

  const conditions = readConditions(entry.conditions);
  const controllerName = asString(entry.controllerName);
  const context = {
    scope: 'route-parent' as const,
    objectName: metaName(route) ?? '?',
    objectNamespace: routeNamespace,
    parentName,
    parentListenerNames: asArray(field(gateway, 'spec', 'listeners')).map(
      l => asString(asRecord(l).name) ?? '?',
    ),
    routeKind: routeKindOf(route),
    routeHostnames: asStringArray(field(route, 'spec', 'hostnames')),
    crossNamespaceBackends: crossNamespaceBackends(route, routeNamespace),
  };
  const notReported: StatusCheck = {
    state: 'unknown',
    message: `Controller ${
      controllerName ?? '?'
    } did not report this condition.`,
  };
  const generation = generationOf(route);
  const accepted = conditionCheck({
    conditions,
    type: 'Accepted',
    generation,
    context,
    whenMissing: notReported,
  });
  const resolvedRefs = conditionCheck({
    conditions,
    type: 'ResolvedRefs',
    generation,
    context,
    whenMissing: notReported,
  });
  const problem = primaryProblem([accepted, resolvedRefs]);
  return {
    ...base,
    ...(controllerName ? { controllerName } : {}),
    accepted,
    resolvedRefs,
    ...(problem ? { problem } : {}),
    state: summarize([accepted.state, resolvedRefs.state]),
  };
}

/** Interprets an HTTPRoute or TLSRoute (spec + status) into the card's view. Never throws. */
export function interpretRoute(input: RouteInterpretationInput): RouteView {
  const { route } = input;
  const namespace = metaNamespace(route) ?? 'default';
  const statusParents = asArray(field(route, 'status', 'parents')).map(
    asRecord,
  );
  const statusByKey = new Map<string, Record<string, unknown>[]>();
  for (const entry of statusParents) {
    const key = parentRefKey(normalizeParentRef(entry.parentRef, namespace));
    statusByKey.set(key, [...(statusByKey.get(key) ?? []), entry]);
  }
  const hostnames = asStringArray(field(route, 'spec', 'hostnames'));
  const rules = readRouteRules(route);
  const path = routeKindOf(route) === 'HTTPRoute' ? linkPath(rules) : '';

  const urls: string[] = [];
  const parents = asArray(field(route, 'spec', 'parentRefs')).map(value => {
    const ref = normalizeParentRef(value, namespace);
    const gateway = input.gateways?.find(
      g => metaName(g) === ref.name && metaNamespace(g) === ref.namespace,
    );
    const parent = interpretParent({
      route,
      ref,
      statusEntries: statusByKey.get(parentRefKey(ref)) ?? [],
      gateway: ref.kind === 'Gateway' ? gateway : undefined,
      input,
    });
    if (
      gateway &&
      ref.kind === 'Gateway' &&
      parent.accepted.state !== 'error'
    ) {
      const addresses = asArray(field(gateway, 'status', 'addresses'))
        .map(a => asString(asRecord(a).value))
        .filter((a): a is string => !!a);
      urls.push(
        ...routeUrls({
          routeHostnames: hostnames,
          listeners: selectedListeners(gateway, ref).map(l => ({
            protocol: asString(l.protocol) ?? '',
            port: asNumber(l.port) ?? 0,
            hostname: asString(l.hostname),
          })),
          gatewayAddresses: addresses,
          path,
        }),
      );
    }
    return parent;
  });

  const noParents: StatusCheck | undefined =
    parents.length === 0
      ? {
          state: 'warning',
          message:
            'The route has no parentRefs, so it is not attached to any Gateway.',
          fix: 'Add a parentRef naming the Gateway (and optionally the listener sectionName) that should serve it.',
        }
      : undefined;
  const problem = noParents ?? primaryProblem(parents.map(p => p.problem));
  return {
    ref: { kind: routeKindOf(route), name: metaName(route) ?? '?', namespace },
    kind: routeKindOf(route),
    hostnames,
    urls: [...new Set(urls)],
    rules,
    parents,
    ...(problem ? { problem } : {}),
    state: noParents ? noParents.state : summarize(parents.map(p => p.state)),
  };
}
