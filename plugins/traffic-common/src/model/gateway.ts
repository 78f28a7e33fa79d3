import { ObjectRef, StatusCheck, StatusState } from './common';

/**
 * automated: Istio creates `<gateway>-istio` Deployment/Service/HPA/PDB;
 * manual: a single Hostname address points at an existing gateway Service (e.g. the managed ingress);
 * external-controller: another controller (e.g. Application Gateway for Containers) owns the class.
 */
export type GatewayDeploymentMode =
  | 'automated'
  | 'manual'
  | 'external-controller';

export interface GatewayAddressView {
  type: string;
  value: string;
}

export interface ListenerView {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  tlsMode?: string;
  certificateRefs: ObjectRef[];
  attachedRoutes?: number;
  accepted: StatusCheck;
  programmed: StatusCheck;
  resolvedRefs: StatusCheck;
  conflicted: StatusCheck;
  /** The check a card should show first when something is wrong (root causes before symptoms). */
  problem?: StatusCheck;
  state: StatusState;
}

export interface DeploymentHealth {
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  state: StatusState;
  message: string;
}

export interface ServiceHealth {
  name: string;
  type: string;
  clusterIP?: string;
  /** Load balancer ingress IPs or hostnames. */
  externalAddresses: string[];
  ports: number[];
  state: StatusState;
  message: string;
}

export interface AutoscalerHealth {
  name: string;
  minReplicas?: number;
  maxReplicas?: number;
  currentReplicas?: number;
  desiredReplicas?: number;
  state: StatusState;
  message: string;
}

export interface DisruptionBudgetHealth {
  name: string;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  currentHealthy?: number;
  disruptionsAllowed?: number;
  state: StatusState;
  message: string;
}

/** Health of the resources generated for (or serving) a gateway. */
export interface WorkloadHealth {
  deployment?: DeploymentHealth;
  service?: ServiceHealth;
  hpa?: AutoscalerHealth;
  pdb?: DisruptionBudgetHealth;
  state: StatusState;
}

export interface GatewayView {
  ref: ObjectRef;
  className?: string;
  addresses: GatewayAddressView[];
  accepted: StatusCheck;
  programmed: StatusCheck;
  /** Gateway-level ResolvedRefs (Gateway API v1.5+); absent when the controller does not write it. */
  resolvedRefs?: StatusCheck;
  listeners: ListenerView[];
  /** Istio revision (e.g. `asm-1-26`) that owns the Gateway, when known. */
  revision?: string;
  revisionSource?: 'gateway-label' | 'namespace-label' | 'highest-installed';
  deploymentMode: GatewayDeploymentMode;
  workload?: WorkloadHealth;
  problem?: StatusCheck;
  state: StatusState;
}
