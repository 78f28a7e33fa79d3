import type { Controller } from '../store/types';
import { AlbController } from './agc/albController';
import { DeploymentStatusController } from './common/deploymentStatusController';
import { LoadBalancerController } from './common/loadBalancerController';
import { StaticGatewayConfigurationController } from './egress/staticGatewayConfigurationController';
import { GatewayDeploymentController } from './istio/gatewayDeploymentController';
import { IstioGatewayController } from './istio/istioGatewayController';
import { SecretsStoreCsiDriverController } from './secretsStoreCsiDriverController';

export interface ControllerOptions {
  /** Cluster DNS suffix (default `cluster.local`). */
  domainSuffix?: string;
  /** istiod's automated deployment of `<gw>-istio` resources (default true). */
  automatedDeployment?: boolean;
  /** Real-time delay before the simulated Azure LB assigns an IP (default: two scheduling hops). */
  loadBalancerDelayMs?: number;
}

/** The simulated in-cluster controllers, started for every cluster. */
export function createControllers(options: ControllerOptions = {}): Controller[] {
  const controllers: Controller[] = [
    new IstioGatewayController({ domainSuffix: options.domainSuffix }),
    new LoadBalancerController({ delayMs: options.loadBalancerDelayMs }),
    new SecretsStoreCsiDriverController(),
    new StaticGatewayConfigurationController(),
    new AlbController(),
    new DeploymentStatusController(),
  ];
  if (options.automatedDeployment !== false) controllers.splice(1, 0, new GatewayDeploymentController());
  return controllers;
}

export { IstioGatewayController } from './istio/istioGatewayController';
export { GatewayDeploymentController, buildGatewayResources } from './istio/gatewayDeploymentController';
export { LoadBalancerController, loadBalancerIp } from './common/loadBalancerController';
export { SecretsStoreCsiDriverController, parseSpcObjects } from './secretsStoreCsiDriverController';
export { StaticGatewayConfigurationController, egressIpPrefix } from './egress/staticGatewayConfigurationController';
export { enableIstioEgressGateway, egressGatewayNameProblem, MAX_EGRESS_GATEWAYS_PER_CLUSTER } from './egress/istioEgressGateway';
export { AlbController, ALB_CONTROLLER_NAME } from './agc/albController';
export { DeploymentStatusController, UNREADY_ANNOTATION } from './common/deploymentStatusController';
export { owningRevision } from './istio/revisions';
