import type { KubeObject } from '../../kube/types';
import {
  findDisallowedCustomizationPaths,
  gatewayCustomizationConfigMapRules,
  hpaReplicaRules,
} from './customizationRules';
import { egressGatewayCountRules, egressGatewayNameRules } from './egressRules';
import { hostnamesIntersect, isRouteHostnameWithinListener } from './hostnameRules';
import { compareGatewayApiVersions, tlsPassthroughRules } from './versionRules';

describe('route hostname inside listener hostname', () => {
  it.each([
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['a.example.org', '*.example.com', false],
    ['xexample.com', '*.example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.a.example.com', '*.example.com', true],
    ['*.com', '*.example.com', false],
    ['api.example.com', 'api.example.com', true],
    ['web.example.com', 'api.example.com', false],
    ['*.example.com', 'api.example.com', false],
    ['anything.test', undefined, true],
  ])('%s within %s: %s', (route, listener, expected) => {
    expect(isRouteHostnameWithinListener(route, listener)).toBe(expected);
  });

  it('sees a wider route hostname as intersecting (attaches, but only partly served)', () => {
    expect(hostnamesIntersect('*.example.com', 'api.example.com')).toBe(true);
    expect(hostnamesIntersect('*.example.org', 'api.example.com')).toBe(false);
  });
});

describe('AKS customization allow list', () => {
  it('accepts the seed ConfigMaps (GatewayClass defaults and per-gateway)', () => {
    const configMap: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio-gateway-class-defaults', namespace: 'aks-istio-system' },
      data: {
        deployment: 'metadata:\n  labels:\n    test.azureservicemesh.io/deployment-config: "updated"\n',
        horizontalPodAutoscaler: 'spec:\n  minReplicas: 3\n  maxReplicas: 6\n',
        podDisruptionBudget: 'spec:\n  minAvailable: 1\n',
      },
    };
    expect(gatewayCustomizationConfigMapRules(configMap)).toEqual([]);
  });

  it('finds fields that are not on the list, allowing the containers merge key', () => {
    expect(
      findDisallowedCustomizationPaths('deployment', {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'istio-proxy', image: 'evil:latest', resources: { limits: { cpu: '1' } } }],
              hostNetwork: true,
              tolerations: [{ key: 'a', operator: 'Exists' }],
            },
          },
        },
      }),
    ).toEqual(['spec.template.spec.containers.image', 'spec.template.spec.hostNetwork']);
    expect(findDisallowedCustomizationPaths('service', { spec: { type: 'LoadBalancer', ports: [{ port: 1 }] } })).toEqual([
      'spec.ports.port',
    ]);
  });

  it('reports unknown resources, disallowed fields and an HPA minimum below 2 by field', () => {
    const issues = gatewayCustomizationConfigMapRules({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gw-options' },
      data: {
        horizontalPodAutoscaler: 'spec:\n  minReplicas: 1\n  maxReplicas: 4\n',
        podDisruptionBudget: 'spec:\n  maxUnavailable: 1\n',
        serviceAccount: 'metadata: {}\n',
        service: 'spec: [',
      },
    });
    expect(issues.map(issue => issue.field)).toEqual([
      'data.horizontalPodAutoscaler: spec.minReplicas',
      'data.podDisruptionBudget: spec.maxUnavailable',
      'data.serviceAccount',
      'data.service',
    ]);
    expect(issues[0].message).toContain('needs minReplicas of at least 2');
  });

  it('checks HPA bounds on typed input', () => {
    expect(hpaReplicaRules(2, 2, 'hpa')).toEqual([]);
    expect(hpaReplicaRules(0, 5, 'hpa').map(issue => issue.field)).toEqual(['hpa.minReplicas']);
  });
});

describe('egress gateway limits', () => {
  it.each([
    ['asm-egress-test', true],
    ['a', true],
    ['egress.team-a', true],
    ['a'.repeat(53), true],
    ['a'.repeat(54), false],
    ['', false],
    ['-egress', false],
    ['egress-', false],
    ['Egress', false],
    ['egress_a', false],
    ['a..b', false],
  ])('name %j valid: %s', (name, valid) => {
    expect(egressGatewayNameRules(name, 'name')).toHaveLength(valid ? 0 : 1);
  });

  it('allows at most 500 egress gateways per cluster', () => {
    expect(egressGatewayCountRules(499, 1, 'egressGateway.name')).toEqual([]);
    expect(egressGatewayCountRules(500, 1, 'egressGateway.name')[0].message).toContain('AKS allows 500 per cluster');
  });
});

describe('Gateway API versions', () => {
  it('compares bundle versions numerically', () => {
    expect(compareGatewayApiVersions('v1.10.0', 'v1.5.1')).toBeGreaterThan(0);
    expect(compareGatewayApiVersions('v1.2.1', 'v1.5.1')).toBeLessThan(0);
    expect(compareGatewayApiVersions('v1.5.1', 'v1.5.1')).toBe(0);
  });

  it.each([
    ['v1.2.1', undefined, 1],
    ['v1.3.0', undefined, 1],
    ['v1.4.1', undefined, 1],
    ['v1.5.1', undefined, 0],
    ['v1.5.1', 'asm-1-29', 1],
    ['v1.5.1', 'asm-1-30', 0],
    ['v1.2.1', 'asm-1-26', 2],
  ])('TLS passthrough on %s with %s: %d issue(s)', (version, revision, count) => {
    expect(tlsPassthroughRules({ gatewayApiVersion: version, istioRevision: revision }, 'listeners[0].protocol')).toHaveLength(count);
  });
});
