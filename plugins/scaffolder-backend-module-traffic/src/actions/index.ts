import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createEgressCreateAction } from './egressCreate';
import { createGatewayCreateAction } from './gatewayCreate';
import { createMeshMtlsEnableAction } from './meshMtlsEnable';
import { createRouteCreateAction } from './routeCreate';
import { TrafficBackendClient } from './shared/trafficClient';
import { createTlsCreateAction } from './tlsCreate';

export interface TrafficActionsOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

/**
 * All `traffic:*` scaffolder actions: traffic:gateway:create, traffic:route:create,
 * traffic:egress:create, traffic:tls:create and traffic:mesh-mtls:enable.
 */
export function createTrafficActions(
  options: TrafficActionsOptions,
): TemplateAction<any, any, any>[] {
  const client = new TrafficBackendClient(options);
  return [
    createGatewayCreateAction({ client }),
    createRouteCreateAction({ client }),
    createEgressCreateAction({ client }),
    createTlsCreateAction({ client }),
    createMeshMtlsEnableAction({ client }),
  ] as TemplateAction<any, any, any>[];
}

export { TrafficBackendClient } from './shared/trafficClient';
