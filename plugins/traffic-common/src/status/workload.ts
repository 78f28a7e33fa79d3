import { KubeObject } from '../kube';
import {
  AutoscalerHealth,
  DeploymentHealth,
  DisruptionBudgetHealth,
  ServiceHealth,
  StatusState,
  WorkloadHealth,
} from '../model';
import { asArray, asNumber, asRecord, asString, field } from './safe';
import { summarize } from './state';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface GatewayWorkloadObjects {
  deployment?: KubeObject;
  service?: KubeObject;
  hpa?: KubeObject;
  pdb?: KubeObject;
}

/**
 * Picks the Deployment, Service, HPA and PDB Istio generated for a Gateway (automated deployment):
 * named `<gateway>-istio` or labelled `gateway.networking.k8s.io/gateway-name`, in the Gateway namespace.
 */
export function findGatewayWorkload(
  gateway: KubeObject,
  objects: KubeObject[],
): GatewayWorkloadObjects {
  const name = asString(field(gateway, 'metadata', 'name'));
  const namespace = asString(field(gateway, 'metadata', 'namespace'));
  const belongs = (o: KubeObject) =>
    asString(field(o, 'metadata', 'namespace')) === namespace &&
    (asString(field(o, 'metadata', 'name')) === `${name}-istio` ||
      asString(asRecord(field(o, 'metadata', 'labels'))[GATEWAY_NAME_LABEL]) ===
        name);
  const ofKind = (kind: string) =>
    objects.find(o => o?.kind === kind && belongs(o));
  return {
    deployment: ofKind('Deployment'),
    service: ofKind('Service'),
    hpa: ofKind('HorizontalPodAutoscaler'),
    pdb: ofKind('PodDisruptionBudget'),
  };
}

const nameOf = (o: KubeObject) => asString(field(o, 'metadata', 'name')) ?? '?';

export function deploymentHealth(deployment: KubeObject): DeploymentHealth {
  const desired = asNumber(field(deployment, 'spec', 'replicas')) ?? 1;
  const ready = asNumber(field(deployment, 'status', 'readyReplicas')) ?? 0;
  const available =
    asNumber(field(deployment, 'status', 'availableReplicas')) ?? 0;
  let state: StatusState = 'ok';
  if (ready === 0 && desired > 0) {
    state = 'error';
  } else if (ready < desired) {
    state = 'warning';
  }
  return {
    name: nameOf(deployment),
    desiredReplicas: desired,
    readyReplicas: ready,
    availableReplicas: available,
    state,
    message:
      state === 'error'
        ? `No gateway pod is ready (0/${desired}); check the pods of Deployment ${nameOf(
            deployment,
          )}.`
        : `${ready}/${desired} gateway pods ready.`,
  };
}

export function serviceHealth(service: KubeObject): ServiceHealth {
  const type = asString(field(service, 'spec', 'type')) ?? 'ClusterIP';
  const ingress = asArray(field(service, 'status', 'loadBalancer', 'ingress'));
  const externalAddresses = ingress
    .map(i => asString(asRecord(i).ip) ?? asString(asRecord(i).hostname))
    .filter((v): v is string => !!v);
  const ports = asArray(field(service, 'spec', 'ports'))
    .map(p => asNumber(asRecord(p).port))
    .filter((p): p is number => p !== undefined);
  const waiting = type === 'LoadBalancer' && externalAddresses.length === 0;
  return {
    name: nameOf(service),
    type,
    clusterIP: asString(field(service, 'spec', 'clusterIP')),
    externalAddresses,
    ports,
    state: waiting ? 'pending' : 'ok',
    message: waiting
      ? 'Waiting for Azure to assign the load balancer IP.'
      : `${type}${
          externalAddresses.length ? ` at ${externalAddresses.join(', ')}` : ''
        }.`,
  };
}

function autoscalerMessage(facts: {
  tooFew: boolean;
  atMax: boolean;
  minReplicas: number;
  maxReplicas?: number;
  currentReplicas?: number;
}): string {
  if (facts.tooFew) {
    return `minReplicas is ${facts.minReplicas}; AKS requires at least 2 gateway replicas.`;
  }
  if (facts.atMax) {
    return `Scaled to its maximum of ${facts.maxReplicas} replicas; raise maxReplicas if load keeps growing.`;
  }
  return `${facts.currentReplicas ?? '?'} replicas (min ${
    facts.minReplicas
  }, max ${facts.maxReplicas ?? '?'}).`;
}

export function autoscalerHealth(hpa: KubeObject): AutoscalerHealth {
  const minReplicas = asNumber(field(hpa, 'spec', 'minReplicas')) ?? 1;
  const maxReplicas = asNumber(field(hpa, 'spec', 'maxReplicas'));
  const currentReplicas = asNumber(field(hpa, 'status', 'currentReplicas'));
  const desiredReplicas = asNumber(field(hpa, 'status', 'desiredReplicas'));
  // AKS requires at least 2 gateway replicas for availability during upgrades.
  const tooFew = minReplicas < 2;
  const atMax =
    maxReplicas !== undefined &&
    currentReplicas !== undefined &&
    currentReplicas >= maxReplicas;
  return {
    name: nameOf(hpa),
    minReplicas,
    maxReplicas,
    currentReplicas,
    desiredReplicas,
    state: tooFew || atMax ? 'warning' : 'ok',
    message: autoscalerMessage({
      tooFew,
      atMax,
      minReplicas,
      maxReplicas,
      currentReplicas,
    }),
  };
}

export function disruptionBudgetHealth(
  pdb: KubeObject,
): DisruptionBudgetHealth {
  const minAvailable = field(pdb, 'spec', 'minAvailable') as
    | number
    | string
    | undefined;
  const maxUnavailable = field(pdb, 'spec', 'maxUnavailable') as
    | number
    | string
    | undefined;
  const disruptionsAllowed = asNumber(
    field(pdb, 'status', 'disruptionsAllowed'),
  );
  const blocking = disruptionsAllowed === 0;
  return {
    name: nameOf(pdb),
    minAvailable:
      typeof minAvailable === 'number' || typeof minAvailable === 'string'
        ? minAvailable
        : undefined,
    maxUnavailable:
      typeof maxUnavailable === 'number' || typeof maxUnavailable === 'string'
        ? maxUnavailable
        : undefined,
    currentHealthy: asNumber(field(pdb, 'status', 'currentHealthy')),
    disruptionsAllowed,
    state: blocking ? 'warning' : 'ok',
    message: blocking
      ? 'No disruption allowed: node drains and cluster upgrades will block on this gateway.'
      : `${disruptionsAllowed ?? '?'} disruption(s) allowed.`,
  };
}

export function workloadHealth(
  objects: GatewayWorkloadObjects,
): WorkloadHealth {
  const deployment = objects.deployment
    ? deploymentHealth(objects.deployment)
    : undefined;
  const service = objects.service ? serviceHealth(objects.service) : undefined;
  const hpa = objects.hpa ? autoscalerHealth(objects.hpa) : undefined;
  const pdb = objects.pdb ? disruptionBudgetHealth(objects.pdb) : undefined;
  return {
    ...(deployment ? { deployment } : {}),
    ...(service ? { service } : {}),
    ...(hpa ? { hpa } : {}),
    ...(pdb ? { pdb } : {}),
    state: summarize([
      deployment?.state,
      service?.state,
      hpa?.state,
      pdb?.state,
    ]),
  };
}
