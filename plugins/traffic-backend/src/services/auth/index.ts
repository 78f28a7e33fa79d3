export { AzureTokenProvider, AKS_AAD_SCOPE, AZURE_REFRESH_MARGIN_MS } from './AzureTokenProvider';
export type { AzureTokenProviderOptions } from './AzureTokenProvider';
export {
  ServiceAccountTokenProvider,
  TransportAuthProvider,
  IN_CLUSTER_TOKEN_PATH,
} from './staticProviders';
export { ClusterAuthError } from './types';
export type { ClusterAuthProvider } from './types';
