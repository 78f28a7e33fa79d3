/** Interpretation must never throw: clusters hand us partial, old or malformed objects. */
import fc from 'fast-check';
import { KubeObject } from '../kube';
import { StatusState } from '../model';
import { explainCondition } from './catalogue';
import { interpretCertificate } from './certificates';
import { classifyClusterError } from './clusterError';
import {
  interpretEgressGateways,
  interpretEgressHosts,
  interpretOutboundPolicy,
  parseEgressIpPrefix,
} from './egress';
import { interpretGateway } from './gateway';
import { interpretRoute } from './route';
import { summarize } from './state';
import { findGatewayWorkload, workloadHealth } from './workload';
import { find, fixture, ofKind } from './__testing__/fixtures';

const REASONS = [
  'Accepted',
  'Programmed',
  'Pending',
  'Invalid',
  'InvalidCertificateRef',
  'RefNotPermitted',
  'AddressNotUsable',
  'AddressNotAssigned',
  'NotAllowedByListeners',
  'NoMatchingListenerHostname',
  'NoMatchingParent',
  'BackendNotFound',
  'InvalidKind',
  'UnsupportedProtocol',
  'HostnameConflict',
];
const TYPES = ['Accepted', 'Programmed', 'ResolvedRefs', 'Conflicted', 'dummy'];

const condition = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...TYPES), fc.string()),
    status: fc.oneof(fc.constantFrom('True', 'False', 'Unknown'), fc.string()),
    reason: fc.oneof(fc.constantFrom(...REASONS), fc.string()),
    message: fc.oneof(
      fc.string(),
      fc.constantFrom(
        'address pending',
        'port 80 not found',
        'hostname "x-istio.ns.svc" not found',
        'backendRef a/b not accessible',
      ),
    ),
    observedGeneration: fc.oneof(
      fc.integer({ min: -1, max: 5 }),
      fc.constant(undefined),
    ),
  },
  { requiredKeys: [] },
);
const conditions = fc.oneof(
  fc.array(fc.oneof(condition, fc.anything())),
  fc.anything(),
);

const STATES = ['ok', 'warning', 'error', 'pending', 'unknown'];
const isState = (s: unknown) => STATES.includes(s as string);

describe('robustness (property-based)', () => {
  const gatewayBase = find(
    fixture('https-keyvault'),
    'Gateway',
    'httpbin-gateway',
  );
  const routeBase = find(fixture('http-gateway'), 'HTTPRoute', 'canary');
  const gateways = ofKind(fixture('http-gateway'), 'Gateway');

  it('interprets Gateways with arbitrary conditions and listener statuses', () => {
    fc.assert(
      fc.property(
        conditions,
        fc.array(
          fc.record(
            {
              name: fc.oneof(fc.constant('https'), fc.string()),
              conditions,
              attachedRoutes: fc.anything(),
            },
            { requiredKeys: [] },
          ),
        ),
        fc.oneof(fc.integer(), fc.constant(undefined)),
        (gwConditions, listeners, generation) => {
          const gateway = {
            ...gatewayBase,
            metadata: { ...gatewayBase.metadata, generation },
            status: { conditions: gwConditions, listeners },
          };
          const view = interpretGateway({
            gateway,
            certificateHints: [
              { name: 'httpbin-credential', namespace: 'default' },
            ],
          });
          expect(isState(view.state)).toBe(true);
          view.listeners.forEach(l =>
            expect(typeof (l.problem?.message ?? '')).toBe('string'),
          );
        },
      ),
    );
  });

  it('interprets routes with arbitrary parent statuses', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              parentRef: fc.oneof(
                fc.constant({ name: 'httpbin-gateway', namespace: 'default' }),
                fc.anything(),
              ),
              controllerName: fc.oneof(
                fc.constant('istio.io/gateway-controller'),
                fc.anything(),
              ),
              conditions,
            },
            { requiredKeys: [] },
          ),
        ),
        parents => {
          const view = interpretRoute({
            route: { ...routeBase, status: { parents } },
            gateways,
          });
          expect(isState(view.state)).toBe(true);
          expect(view.parents).toHaveLength(1);
        },
      ),
    );
  });

  it('interprets entirely malformed objects', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        (spec, status, metadata) => {
          const object = {
            apiVersion: 'x',
            kind: 'HTTPRoute',
            metadata,
            spec,
            status,
          } as unknown as KubeObject;
          expect(
            isState(
              interpretGateway({ gateway: { ...object, kind: 'Gateway' } })
                .state,
            ),
          ).toBe(true);
          expect(
            isState(
              interpretRoute({ route: object, gateways: [object] }).state,
            ),
          ).toBe(true);
          expect(() =>
            workloadHealth(
              findGatewayWorkload(object, [
                object,
                { ...object, kind: 'Deployment' },
              ]),
            ),
          ).not.toThrow();
          expect(() =>
            interpretEgressHosts({
              serviceEntries: [object],
              istioGateways: [object],
              virtualServices: [object],
              destinationRules: [object],
            }),
          ).not.toThrow();
          expect(() =>
            interpretEgressGateways({
              deployments: [object],
              staticGatewayConfigurations: [object],
            }),
          ).not.toThrow();
          expect(() =>
            interpretOutboundPolicy({
              namespace: 'x',
              configMaps: [object],
              sidecars: [object],
            }),
          ).not.toThrow();
        },
      ),
    );
  });

  it('explains any condition in any scope', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('gateway', 'listener', 'route-parent'),
        condition,
        (scope, c) => {
          const explanation = explainCondition({
            scope: scope as 'gateway',
            condition: c as never,
            objectName: 'x',
          });
          expect(isState(explanation.state)).toBe(true);
          expect(explanation.message.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('parses any egress prefix text into valid entries only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.ipV4(),
          fc.ipV6(),
          fc.array(fc.ipV4()).map(a => a.join(',')),
          fc.anything(),
        ),
        raw => {
          const view = parseEgressIpPrefix(raw);
          expect(['cidr', 'ip-list', 'pending']).toContain(view.kind);
        },
      ),
    );
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (ip, bits) =>
        expect(parseEgressIpPrefix(`${ip}/${bits}`).cidrs).toEqual([
          `${ip}/${bits}`,
        ]),
      ),
    );
    fc.assert(
      fc.property(fc.ipV6(), ip =>
        expect(parseEgressIpPrefix(ip).ips).toEqual([ip]),
      ),
    );
  });

  it('judges certificates with arbitrary dates and names', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.array(fc.string()),
        fc.date({ noInvalidDate: false }),
        (notBefore, notAfter, dns, now) => {
          const view = interpretCertificate({
            gatewayRef: { kind: 'Gateway', name: 'g' },
            listenerName: 'l',
            listenerHostname: dns[0],
            secretRef: { name: 's', namespace: 'n' },
            secret: {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 's' },
            },
            parsed: {
              sans: { dns, ip: [] },
              serial: '1',
              notBefore,
              notAfter,
              isCA: false,
              chainLength: 1,
              selfSigned: false,
            },
            now,
          });
          expect([
            'ok',
            'warning',
            'error',
            'expired',
            'missing',
            'not-synced',
          ]).toContain(view.state);
        },
      ),
    );
  });

  it('classifies any error and summarises any states', () => {
    fc.assert(
      fc.property(fc.anything(), error =>
        expect(classifyClusterError(error).kind).toBeDefined(),
      ),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'ok',
            'warning',
            'error',
            'pending',
            'unknown',
          ) as fc.Arbitrary<StatusState>,
        ),
        states => {
          const overall = summarize(states);
          expect(
            overall === 'ok'
              ? states.every(s => s === 'ok')
              : states.includes(overall),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('summarize', () => {
  it('lets the worst state win', () => {
    expect(summarize([])).toBe('ok');
    expect(summarize(['ok', 'unknown'])).toBe('unknown');
    expect(summarize(['unknown', 'pending', 'ok'])).toBe('pending');
    expect(summarize(['pending', 'warning'])).toBe('warning');
    expect(summarize(['warning', 'error', 'ok', undefined])).toBe('error');
  });
});

describe('classifyClusterError', () => {
  it.each([
    [
      {
        statusCode: 401,
        body: { reason: 'Unauthorized', message: 'Unauthorized' },
      },
      'unauthorized',
    ],
    [
      {
        statusCode: 403,
        body: { reason: 'Forbidden', message: 'gateways is forbidden' },
      },
      'forbidden',
    ],
    [
      {
        statusCode: 404,
        body: {
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        },
      },
      'not-installed',
    ],
    [
      {
        statusCode: 503,
        body: { reason: 'ServiceUnavailable', message: 'unavailable' },
      },
      'server-error',
    ],
    [
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' },
      'unreachable',
    ],
    [{ code: 'ETIMEDOUT', message: 'timeout' }, 'timeout'],
    ['weird', 'unknown'],
  ])('%p is %s', (error, kind) => {
    expect(classifyClusterError(error).kind).toBe(kind);
  });

  it('keeps the Kubernetes Status reason and message', () => {
    expect(
      classifyClusterError({
        statusCode: 403,
        body: {
          kind: 'Status',
          reason: 'Forbidden',
          message: 'gateways.gateway.networking.k8s.io is forbidden',
        },
      }),
    ).toEqual({
      kind: 'forbidden',
      reason: 'Forbidden',
      message: 'gateways.gateway.networking.k8s.io is forbidden',
    });
  });
});
