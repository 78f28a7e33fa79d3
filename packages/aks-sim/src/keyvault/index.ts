export { SimulatedKeyVault, keyVaultOf } from './simulatedKeyVault';
export type { KeyVaultChange, KeyVaultObjectType, KeyVaultVersion } from './simulatedKeyVault';
export { mintCertificate } from './mintCertificate';
export type { CertificateRequest, MintedCertificate } from './mintCertificate';
