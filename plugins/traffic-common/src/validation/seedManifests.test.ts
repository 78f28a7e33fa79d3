import fs from 'fs';
import path from 'path';
import { extractYamlManifests, validateCrdObject } from '.';
import { SEEDS_DIR } from './testing/sharedData';

const SEED_FILES = fs
  .readdirSync(SEEDS_DIR)
  .filter(file => file.endsWith('.txt'))
  .sort();

function readSeed(file: string): string {
  return fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');
}

describe('extractYamlManifests', () => {
  it('reads indented heredocs, substitutes variables and applies kubectl -n', () => {
    const text = [
      'Deploy it:',
      '',
      '    kubectl apply -n $APP_NS -f - <<EOF',
      '    apiVersion: v1',
      '    kind: ConfigMap',
      '    metadata:',
      '      name: ${NAME}-config',
      '    data:',
      '      client: $CLIENT_ID',
      '    ---',
      '    apiVersion: v1',
      '    kind: Namespace',
      '    metadata:',
      '      name: other',
      '    EOF',
      '',
      'Done.',
    ].join('\n');
    expect(
      extractYamlManifests(text, {
        variables: { NAME: 'demo', CLIENT_ID: 'abc' },
      }),
    ).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'demo-config', namespace: 'app-ns' },
        data: { client: 'abc' },
      },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } },
    ]);
  });

  it('reads bare YAML blocks and stops at prose', () => {
    const text =
      'For example:\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nThen apply it with kubectl.';
    expect(extractYamlManifests(text)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    ]);
  });

  it('skips fragments that are not complete manifests', () => {
    const text =
      'spec:\n  infrastructure:\n    annotations:\n      a: b\n\ncat <<EOF\nnot: [yaml\nEOF\n';
    expect(extractYamlManifests(text)).toEqual([]);
  });

  it('re-indents YAML that lost its indentation, guided by the schema', () => {
    const text = [
      'kubectl apply -f - <<EOF',
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata:',
      'name: vs',
      'labels:',
      'app: demo',
      'spec:',
      'hosts:',
      '- edition.cnn.com',
      'http:',
      '- match:',
      '- gateways:',
      '- mesh',
      'port: 80',
      'route:',
      '- destination:',
      'host: edition.cnn.com',
      'port:',
      'number: 443',
      'weight: 100',
      'EOF',
    ].join('\n');
    expect(extractYamlManifests(text)).toEqual([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'vs', labels: { app: 'demo' } },
        spec: {
          hosts: ['edition.cnn.com'],
          http: [
            {
              match: [{ gateways: ['mesh'], port: 80 }],
              route: [
                {
                  destination: {
                    host: 'edition.cnn.com',
                    port: { number: 443 },
                  },
                  weight: 100,
                },
              ],
            },
          ],
        },
      },
    ]);
  });
});

describe('manifests embedded in the seeds', () => {
  const manifests = SEED_FILES.flatMap(file =>
    extractYamlManifests(readSeed(file)).map(manifest => ({ file, manifest })),
  );

  it('finds the manifests of every seed', () => {
    const kindsBySeed = Object.fromEntries(
      SEED_FILES.map(file => [
        file,
        manifests.filter(m => m.file === file).map(m => m.manifest.kind),
      ]),
    );
    expect(kindsBySeed).toEqual({
      'app-gateway-for-containers-istio.txt': [
        'Namespace',
        'PeerAuthentication',
        'Gateway',
        'HTTPRoute',
      ],
      'gateway-api-managed-istio-external-ingress.txt': [
        'Gateway',
        'HTTPRoute',
        'HTTPRoute',
      ],
      'istio-egress-gateway-aks.txt': [
        'ConfigMap',
        ...['ServiceEntry', 'Gateway', 'DestinationRule', 'VirtualService'],
        ...['ServiceEntry', 'Gateway', 'DestinationRule', 'VirtualService'],
        ...[
          'ServiceEntry',
          'Gateway',
          'DestinationRule',
          'VirtualService',
          'DestinationRule',
        ],
      ],
      'istio-front-door-private-link.txt': [
        'Deployment',
        'Service',
        'Gateway',
        'VirtualService',
        'VirtualService',
      ],
      'istio-gateway-api-ingress-aks.txt': [
        'Gateway',
        'HTTPRoute',
        'SecretProviderClass',
        'SecretProviderClass',
        'Pod',
        'Gateway',
        'HTTPRoute',
        'ConfigMap',
      ],
    });
  });

  it('restores the structure of flattened seed YAML', () => {
    const agcGateway = manifests.find(
      m => m.file.startsWith('app-gateway') && m.manifest.kind === 'Gateway',
    )!.manifest;
    expect(agcGateway.metadata).toEqual({
      name: 'gateway-01',
      namespace: 'test-infra',
      annotations: {
        'alb.networking.azure.io/alb-namespace': 'alb-test-infra',
        'alb.networking.azure.io/alb-name': 'alb-test',
      },
    });
    const egressVs = manifests.find(
      m =>
        m.file.startsWith('istio-egress') &&
        m.manifest.kind === 'VirtualService',
    )!.manifest;
    expect(egressVs.metadata.namespace).toBe('aks-istio-egress');
    expect(egressVs.spec.http[0].route[0].destination.host).toBe(
      'asm-egress-test.aks-istio-egress.svc.cluster.local',
    );
  });

  it.each(['v1.2.1', 'v1.5.1'] as const)(
    'are all accepted (Gateway API %s)',
    gatewayApiVersion => {
      const crdResults = manifests
        .map(({ file, manifest }) => ({
          file,
          manifest,
          result: validateCrdObject(manifest, { gatewayApiVersion }),
        }))
        .filter(({ result }) => result !== undefined);
      expect(crdResults.length).toBeGreaterThan(25);
      for (const { file, manifest, result } of crdResults) {
        expect({
          file,
          kind: manifest.kind,
          name: manifest.metadata.name,
          errors: result!.errors,
          pruned: result!.prunedFields,
        }).toEqual({
          file,
          kind: manifest.kind,
          name: manifest.metadata.name,
          errors: [],
          pruned: [],
        });
      }
    },
  );
});
