import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';

export interface TrafficActionsOptions {
  auth: AuthService;
  discovery: DiscoveryService;
}

/** All `traffic:*` scaffolder actions. */
export function createTrafficActions(
  _options: TrafficActionsOptions,
): TemplateAction<any, any, any>[] {
  return [];
}
