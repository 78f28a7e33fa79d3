import { find, fixture, ofKind } from '../__testing__/fixtures';
import { interpretEgressGateways } from './gateways';
import { interpretEgressHosts } from './hosts';
import { isCidr, isIPv4, isIPv6 } from './ip';
import { interpretOutboundPolicy } from './outboundPolicy';
import { parseEgressIpPrefix } from './prefix';

describe('parseEgressIpPrefix', () => {
  it.each([
    [
      '20.1.2.0/30',
      { raw: '20.1.2.0/30', kind: 'cidr', cidrs: ['20.1.2.0/30'] },
    ],
    [
      '2001:db8:1::/64',
      { raw: '2001:db8:1::/64', kind: 'cidr', cidrs: ['2001:db8:1::/64'] },
    ],
    [
      '10.224.0.5, 10.224.0.6',
      {
        raw: '10.224.0.5, 10.224.0.6',
        kind: 'ip-list',
        ips: ['10.224.0.5', '10.224.0.6'],
      },
    ],
    ['10.224.0.5', { raw: '10.224.0.5', kind: 'ip-list', ips: ['10.224.0.5'] }],
    ['', { raw: '', kind: 'pending' }],
    [undefined, { raw: '', kind: 'pending' }],
    [
      '20.1.2.0/33',
      { raw: '20.1.2.0/33', kind: 'cidr', invalid: ['20.1.2.0/33'] },
    ],
    [
      '10.224.0.5,10.224.0.256',
      {
        raw: '10.224.0.5,10.224.0.256',
        kind: 'ip-list',
        ips: ['10.224.0.5'],
        invalid: ['10.224.0.256'],
      },
    ],
  ])('%p', (raw, expected) => {
    expect(parseEgressIpPrefix(raw)).toEqual(expected);
  });
});

describe('IP syntax', () => {
  it.each(['0.0.0.0', '255.255.255.255', '10.1.2.3'])('IPv4 %s is valid', ip =>
    expect(isIPv4(ip)).toBe(true),
  );
  it.each(['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d', ''])(
    'IPv4 %s is invalid',
    ip => expect(isIPv4(ip)).toBe(false),
  );
  it.each([
    '::',
    '::1',
    '2001:db8::1',
    'fe80::1:2:3:4',
    '2001:0db8:0000:0000:0000:ff00:0042:8329',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:10.0.0.1',
  ])('IPv6 %s is valid', ip => expect(isIPv6(ip)).toBe(true));
  it.each([
    '2001:db8:::1',
    '1::2::3',
    '12345::',
    '1:2:3:4:5:6:7:8:9',
    'g::1',
    '1:2:3:4:5:6:7',
    '::ffff:10.0.0.256',
    'fe80::1%eth0',
  ])('IPv6 %s is invalid', ip => expect(isIPv6(ip)).toBe(false));
  it('checks CIDR prefix lengths per family', () => {
    expect([
      isCidr('10.0.0.0/8'),
      isCidr('10.0.0.0/32'),
      isCidr('10.0.0.0/33'),
      isCidr('::/128'),
      isCidr('::/129'),
      isCidr('10.0.0.0/'),
    ]).toEqual([true, true, false, true, false, false]);
  });
});

describe('egress gateways (seed scenario)', () => {
  const objects = fixture('egress');

  it('joins the add-on egress gateway with its StaticGatewayConfiguration prefix', () => {
    expect(
      interpretEgressGateways({
        deployments: ofKind(objects, 'Deployment'),
        staticGatewayConfigurations: ofKind(
          objects,
          'StaticGatewayConfiguration',
        ),
      }),
    ).toEqual([
      {
        name: 'asm-egress-test',
        namespace: 'aks-istio-egress',
        revision: 'asm-1-26',
        staticGatewayConfiguration: 'egress-sgc',
        prefix: { raw: '20.1.2.0/30', kind: 'cidr', cidrs: ['20.1.2.0/30'] },
        ready: true,
      },
    ]);
  });

  it('is not ready while Azure has not assigned the prefix', () => {
    const sgc = {
      ...find(objects, 'StaticGatewayConfiguration', 'egress-sgc'),
      status: {},
    };
    const [view] = interpretEgressGateways({
      deployments: ofKind(objects, 'Deployment'),
      staticGatewayConfigurations: [sgc],
    });
    expect(view).toMatchObject({
      ready: false,
      prefix: { kind: 'pending' },
      message: expect.stringMatching(/Waiting for Azure/),
    });
  });

  it('says when the StaticGatewayConfiguration is missing', () => {
    const [view] = interpretEgressGateways({
      deployments: ofKind(objects, 'Deployment'),
      staticGatewayConfigurations: [],
    });
    expect(view).toMatchObject({
      ready: false,
      message: expect.stringMatching(/not found/),
    });
  });
});

describe('egress host modes (the three seed configurations)', () => {
  const objects = fixture('egress');
  const hosts = interpretEgressHosts({
    serviceEntries: ofKind(objects, 'ServiceEntry'),
    istioGateways: objects.filter(
      o =>
        o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io'),
    ),
    virtualServices: ofKind(objects, 'VirtualService'),
    destinationRules: ofKind(objects, 'DestinationRule'),
  });
  const modeIn = (namespace: string) =>
    hosts.find(h => h.serviceEntry.namespace === namespace);

  it('classifies HTTP through the egress gateway', () => {
    expect(modeIn('egress-http')).toEqual({
      host: 'edition.cnn.com',
      ports: [
        { number: 80, protocol: 'HTTP', name: 'http-port' },
        { number: 443, protocol: 'HTTPS', name: 'https' },
      ],
      mode: 'http',
      via: {
        gateway: 'istio-egressgateway',
        namespace: 'egress-http',
        egressService: 'asm-egress-test.aks-istio-egress.svc.cluster.local',
      },
      resolution: 'DNS',
      serviceEntry: { name: 'cnn', namespace: 'egress-http' },
    });
  });

  it('classifies TLS passthrough', () => {
    expect(modeIn('egress-tls')).toMatchObject({
      mode: 'tls-passthrough',
      via: {
        gateway: 'istio-egressgateway',
        egressService: 'asm-egress-test.aks-istio-egress.svc.cluster.local',
      },
    });
  });

  it('classifies TLS origination at the egress gateway', () => {
    expect(modeIn('egress-origination')).toMatchObject({
      mode: 'tls-origination',
      via: { namespace: 'egress-origination' },
    });
  });

  it('classifies a host without an egress gateway as direct', () => {
    expect(modeIn('team-a')).toMatchObject({
      host: 'httpbin.org',
      mode: 'direct',
    });
    expect(modeIn('team-a')?.via).toBeUndefined();
  });
});

describe('outbound traffic policy', () => {
  const objects = fixture('egress');
  const configMaps = ofKind(objects, 'ConfigMap');
  const sidecars = ofKind(objects, 'Sidecar');

  it('reads REGISTRY_ONLY from the shared mesh ConfigMap', () => {
    expect(
      interpretOutboundPolicy({
        namespace: 'egress-http',
        configMaps,
        sidecars,
        revision: 'asm-1-26',
      }),
    ).toEqual({
      mode: 'REGISTRY_ONLY',
      scope: 'mesh',
      source: 'ConfigMap aks-istio-system/istio-shared-configmap-asm-1-26',
    });
  });

  it('lets a namespace Sidecar override the mesh', () => {
    expect(
      interpretOutboundPolicy({ namespace: 'team-a', configMaps, sidecars }),
    ).toEqual({
      mode: 'ALLOW_ANY',
      scope: 'namespace',
      source: 'Sidecar team-a/default',
    });
  });

  it('ignores Sidecars with a workloadSelector (they do not cover the namespace)', () => {
    const scoped = sidecars.map(s => ({
      ...s,
      spec: { ...s.spec, workloadSelector: { labels: { app: 'x' } } },
    }));
    expect(
      interpretOutboundPolicy({
        namespace: 'team-a',
        configMaps,
        sidecars: scoped,
      }).mode,
    ).toBe('REGISTRY_ONLY');
  });

  it('defaults to ALLOW_ANY', () => {
    expect(
      interpretOutboundPolicy({ namespace: 'x', configMaps: [], sidecars: [] }),
    ).toEqual({ mode: 'ALLOW_ANY', scope: 'mesh', source: 'Istio default' });
    const broken = [
      { ...configMaps[0], data: { mesh: 'outboundTrafficPolicy: [unclosed' } },
    ];
    expect(
      interpretOutboundPolicy({
        namespace: 'x',
        configMaps: broken,
        sidecars: [],
      }).mode,
    ).toBe('ALLOW_ANY');
  });

  it("uses the configured revision's ConfigMap, not another revision's", () => {
    expect(
      interpretOutboundPolicy({
        namespace: 'x',
        configMaps,
        sidecars: [],
        revision: 'asm-1-27',
      }).source,
    ).toBe('Istio default');
  });
});
