export {
  GATEWAY_API_GROUP,
  GATEWAY_API_V1,
  REFERENCE_GRANT_API_VERSION,
  ISTIO_NETWORKING_V1,
  ISTIO_SECURITY_V1,
  SECRET_PROVIDER_CLASS_API_VERSION,
  STATIC_GATEWAY_CONFIGURATION_API_VERSION,
  ISTIO_REVISION_LABEL,
  boundedName,
} from './names';
export * from './applyOrder';
export * from './referenceGrants';
export * from './infrastructureAnnotations';
export * from './gatewayCustomization';
export * from './gateway';
export * from './keyVaultTls';
export * from './routes';
export * from './egress';
export * from './registryOnly';
export * from './meshMtls';
export * from './buildChange';
export * from './rules';
