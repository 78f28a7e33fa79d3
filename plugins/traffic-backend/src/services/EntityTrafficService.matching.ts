import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  LabelSelectorSyntaxError,
  matchesLabelRequirements,
  parseLabelSelector as parseSelectorText,
  type KubeObject,
  type LabelRequirement,
} from '@aks-traffic/backstage-plugin-traffic-common';
import type { ClusterIndex } from './cache';

export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** A parsed Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`). */
export type LabelSelector = LabelRequirement[];

/** Parses the label selector syntax of `backstage.io/kubernetes-label-selector`. */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return parseSelectorText(text);
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) {
      throw new InputError(
        `Invalid label selector '${text}': ${error.message}`,
      );
    }
    throw error;
  }
}

export const matchesLabelSelector = (
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean => matchesLabelRequirements(selector, labels);

/** How an entity finds its objects, as the Kubernetes plugin does it. */
export interface EntityMatcher {
  /** Objects labelled `backstage.io/kubernetes-id=<id>` (the entity name when no annotation is set). */
  kubernetesId?: string;
  labelSelector?: LabelSelector;
  namespace?: string;
}

/** Reads the Kubernetes-plugin annotations of an entity. */
export function entityMatcher(entity: Entity): EntityMatcher {
  const annotations = entity.metadata.annotations ?? {};
  const selectorText = annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION];
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION];
  const labelSelector = selectorText
    ? parseLabelSelector(selectorText)
    : undefined;
  const kubernetesId =
    annotations[KUBERNETES_ID_ANNOTATION] ??
    (labelSelector ? undefined : entity.metadata.name);
  return {
    ...(kubernetesId ? { kubernetesId } : {}),
    ...(labelSelector ? { labelSelector } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

const key = (o: KubeObject) =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Objects of a source the matcher selects: the id index, or a selector scan (of one namespace when set). */
function selectFrom(
  index: ClusterIndex,
  source: 'Service' | 'HTTPRoute' | 'TLSRoute' | 'EntityDeployment' | 'Gateway',
  matcher: EntityMatcher,
): KubeObject[] {
  const store = index.source(source);
  const inScope = (o: KubeObject) =>
    !matcher.namespace || o.metadata.namespace === matcher.namespace;
  const byId = matcher.kubernetesId
    ? store.lookup('kubernetes-id', matcher.kubernetesId)
    : [];
  const bySelector = matcher.labelSelector
    ? (matcher.namespace
        ? store.inNamespace(matcher.namespace)
        : store.all()
      ).filter(o =>
        matchesLabelSelector(matcher.labelSelector!, o.metadata.labels),
      )
    : [];
  return [
    ...new Map(
      [...byId, ...bySelector].filter(inScope).map(o => [key(o), o]),
    ).values(),
  ];
}

export interface EntityObjects {
  services: KubeObject[];
  routes: KubeObject[];
  /** Gateways labelled for the entity (it owns them), besides its routes' parents. */
  ownGateways: KubeObject[];
  /** Namespaces the entity lives in, most relevant first. */
  namespaces: string[];
}

/**
 * The entity's objects in one cluster: its Services and Deployments by label, its routes by label or
 * because their backendRefs point at its Services.
 */
export function findEntityObjects(
  index: ClusterIndex,
  matcher: EntityMatcher,
): EntityObjects {
  const services = selectFrom(index, 'Service', matcher);
  const deployments = selectFrom(index, 'EntityDeployment', matcher);
  const ownGateways = selectFrom(index, 'Gateway', matcher);
  const routes = new Map<string, KubeObject>();
  for (const source of ['HTTPRoute', 'TLSRoute'] as const) {
    for (const route of selectFrom(index, source, matcher)) {
      routes.set(`${source}/${key(route)}`, route);
    }
    for (const service of services) {
      for (const route of index
        .source(source)
        .lookup('backend', key(service))) {
        routes.set(`${source}/${key(route)}`, route);
      }
    }
  }
  const namespaces: string[] = [];
  const add = (ns: string | undefined) => {
    if (ns && !namespaces.includes(ns)) namespaces.push(ns);
  };
  add(matcher.namespace);
  services.forEach(s => add(s.metadata.namespace));
  deployments.forEach(d => add(d.metadata.namespace));
  [...routes.values()].forEach(r => add(r.metadata.namespace));
  if (
    matcher.namespace &&
    !index.source('Namespace').get(undefined, matcher.namespace) &&
    services.length + deployments.length + routes.size === 0
  ) {
    namespaces.length = 0;
  }
  return {
    services,
    routes: [...routes.values()],
    ownGateways,
    namespaces,
  };
}
