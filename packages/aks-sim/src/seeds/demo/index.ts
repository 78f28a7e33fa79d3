import type { SeedWriter } from '../seedWriter';
import { seedAppGatewayForContainers } from './appGatewayForContainers';
import { seedEgress } from './egress';
import { seedFrontDoorPrivateLink } from './frontDoorPrivateLink';
import { seedHttpbinIngress } from './httpbinIngress';
import { seedStoreIngress } from './storeIngress';

/**
 * The `demo` seed: the five seed scenarios over two clusters. Even cluster positions (the dev
 * portal's aks-prod-weu) get the Istio ingress with Key Vault TLS and the egress gateway; odd ones
 * (aks-prod-neu) get the managed external ingress, Application Gateway for Containers and Front Door.
 */
export function applyDemoSeed(seed: SeedWriter, index: number): void {
  if (index % 2 === 0) {
    seedHttpbinIngress(seed);
    seedEgress(seed);
  } else {
    seedStoreIngress(seed);
    seedAppGatewayForContainers(seed);
    seedFrontDoorPrivateLink(seed);
  }
}
