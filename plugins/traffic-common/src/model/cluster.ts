import { CertificateView } from './certificate';
import { EgressView } from './egress';
import { GatewayView } from './gateway';
import { RouteView } from './route';

export type ClusterErrorKind =
  | 'unreachable'
  | 'forbidden'
  | 'unauthorized'
  | 'timeout'
  | 'server-error'
  | 'not-installed'
  | 'unknown';

export interface ClusterError {
  message: string;
  reason: string;
  kind: ClusterErrorKind;
}

export interface ClusterTraffic {
  cluster: string;
  /** Gateway API bundle version from the CRD annotation `gateway.networking.k8s.io/bundle-version`. */
  gatewayApiVersion?: string;
  istioRevisions?: string[];
  /** ISO time of the last successful sync of the cluster's cache. */
  lastSync?: string;
  /** Set when the cluster could not be read; the lists are then empty. */
  error?: ClusterError;
  gateways: GatewayView[];
  routes: RouteView[];
  certificates: CertificateView[];
  egress: EgressView;
  /** Kinds whose CRDs are not installed (e.g. `TLSRoute`, `StaticGatewayConfiguration`). */
  missingKinds?: string[];
}

/** Answer of `GET /api/traffic/entities/:kind/:namespace/:name/traffic`. */
export interface EntityTrafficResponse {
  entityRef: string;
  generatedAt: string;
  clusters: ClusterTraffic[];
}
