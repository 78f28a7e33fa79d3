import { parseMeshMtlsInput } from '../schemas/meshMtlsInput';
import { buildMeshMtlsObjects } from './meshMtls';
import { crdErrors, seedManifest } from './__testUtils__/seeds';

const SEED = 'app-gateway-for-containers-istio';

describe('buildMeshMtlsObjects against the AGC seed', () => {
  const input = { ...parseMeshMtlsInput({ cluster: 'c', namespace: 'test-infra' }), revision: 'asm-1-26' };
  const [namespace, peerAuthentication] = buildMeshMtlsObjects(input);

  it('labels the namespace for revision-based injection (the add-on ignores istio-injection)', () => {
    const seed = seedManifest(SEED, 'Namespace', 'test-infra');
    expect(namespace).toEqual({ ...seed, metadata: { name: 'test-infra', labels: { 'istio.io/rev': 'asm-1-26' } } });
  });

  it('requires STRICT mTLS like the seed (security.istio.io/v1, the served storage version)', () => {
    const seed = seedManifest(SEED, 'PeerAuthentication', 'default');
    expect(peerAuthentication).toEqual({ ...seed, apiVersion: 'security.istio.io/v1' });
    expect(crdErrors([namespace, peerAuthentication], 'v1.2.1')).toEqual([]);
  });

  it('leaves the Namespace alone when the platform manages it', () => {
    const objects = buildMeshMtlsObjects({ ...input, createNamespace: false });
    expect(objects.map(o => o.kind)).toEqual(['PeerAuthentication']);
  });
});
