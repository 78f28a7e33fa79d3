/**
 * Interpretation of what Istio's Gateway API controller really writes (DESIGN §5): every Gateway,
 * HTTPRoute and TLSRoute of every `*.status.yaml` in the shared data, with the state and reason a card
 * shows. Objects not listed in EXPECTED must come out ok (or pending when Istio waits for its own Service).
 */
import { KubeObject } from '../kube';
import { GatewayView, RouteView, StatusState } from '../model';
import { EXPLAINED_REASONS } from './catalogue';
import { interpretGateway } from './gateway';
import { interpretRoute } from './route';
import {
  IstioCase,
  listIstioCases,
  loadIstioCase,
} from './__testing__/istioStatusData';

interface Expected {
  state: StatusState;
  /** Reason of the check the card shows first (`problem`). */
  reason?: string;
  /** For Gateways: the listener that carries the problem, and its reason. */
  listener?: {
    name: string;
    state: StatusState;
    reason: string;
    says?: RegExp;
  };
  /** For routes: the parent (`namespace/name[:section|#port]`) that carries the problem. */
  parent?: string;
  says?: RegExp;
}

// `kind namespace/name` -> expectation, per file; written from reading the files.
const EXPECTED: Record<string, Record<string, Expected>> = {
  'backend-tls-policy': {
    'HTTPRoute istio-system/http': {
      state: 'error',
      reason: 'RefNotPermitted',
      says: /ReferenceGrant/,
    },
  },
  'east-west-ambient': {
    'Gateway istio-system/eastwestgateway': {
      state: 'pending',
      reason: 'AddressNotUsable',
      says: /Waiting for the gateway Service eastwestgateway/,
    },
    'Gateway istio-system/invalid': {
      state: 'error',
      reason: 'UnsupportedProtocol',
      listener: { name: 'mesh', state: 'error', reason: 'UnsupportedProtocol' },
    },
  },
  'eastwest-labelport': {
    'Gateway istio-system/eastwestgateway': {
      state: 'pending',
      reason: 'AddressNotUsable',
      says: /eastwestgateway-istio/,
    },
  },
  'eastwest-remote': {
    // istio-remote class: accepted, "Istio will not program it", and no listener status is written.
    'Gateway istio-system/eastwestgateway': { state: 'unknown' },
    'TLSRoute istio-system/eastwestgateway-grpc': {
      state: 'pending',
      parent: 'istio-system/eastwestgateway:istiod-grpc',
      says: /No controller has reported/,
    },
    'TLSRoute istio-system/eastwestgateway-webhook': {
      state: 'pending',
      parent: 'istio-system/eastwestgateway:istiod-webhook',
    },
  },
  'eastwest-tlsoption': {
    'Gateway istio-system/eastwestgateway': {
      state: 'pending',
      reason: 'AddressNotUsable',
    },
  },
  eastwest: {
    'Gateway istio-system/eastwestgateway': {
      state: 'pending',
      reason: 'AddressNotUsable',
    },
  },
  http: {
    'HTTPRoute default/http-not-selected': {
      state: 'error',
      reason: 'NoMatchingListenerHostname',
      says: /\*\.domain\.example/,
    },
    // Istio wrote no status for these: "no controller saw the route" is pending, not an error.
    'HTTPRoute default/http-route-cors-wildcard-1': {
      state: 'pending',
      parent: 'istio-system/gateway',
    },
    'HTTPRoute default/multi-route-infpool-1': { state: 'pending' },
    'HTTPRoute default/multi-route-infpool-2': { state: 'pending' },
  },
  invalid: {
    'Gateway invalid-gateway-address/invalid-gateway-address': {
      state: 'error',
      reason: 'UnsupportedAddress',
      says: /spec\.addresses/,
    },
    'Gateway istio-system/invalid-cert-kind': {
      state: 'error',
      reason: 'InvalidCertificateRef',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /must point at a Secret/,
      },
    },
    'Gateway istio-system/invalid-cert-malformed': {
      state: 'error',
      reason: 'AddressNotUsable',
      says: /port 34002/,
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /Secret malformed exists but its certificate is malformed/,
      },
    },
    'Gateway istio-system/invalid-cert-notfound': {
      state: 'error',
      reason: 'InvalidCertificateRef',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /Secret nonexistent not found in namespace istio-system\./,
      },
    },
    'Gateway istio-system/invalid-frontendvalidation-malformed': {
      state: 'error',
      reason: 'InvalidCertificateRef',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /client-validation CA/,
      },
    },
    'Gateway istio-system/invalid-frontendvalidation-missing-refgrant': {
      state: 'error',
      reason: 'RefNotPermitted',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'RefNotPermitted',
        says: /default\/auth-cert .*no ReferenceGrant/,
      },
    },
    'Gateway istio-system/invalid-frontendvalidation-nonexistent': {
      state: 'error',
      reason: 'InvalidCertificateRef',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /client-validation CA/,
      },
    },
    'Gateway istio-system/invalid-frontendvalidation-unknown': {
      state: 'error',
      reason: 'InvalidCertificateRef',
      listener: {
        name: 'default',
        state: 'error',
        reason: 'InvalidCertificateRef',
        says: /client-validation CA/,
      },
    },
    'Gateway istio-system/invalid-service': {
      state: 'error',
      reason: 'AddressNotUsable',
      says: /fake-service\.com not found/,
    },
    'Gateway istio-system/protocol-lower-case': {
      state: 'error',
      reason: 'UnsupportedProtocol',
      listener: {
        name: 'http',
        state: 'error',
        reason: 'UnsupportedProtocol',
        says: /uppercase/,
      },
    },
    'Gateway istio-system/target-port-reference': {
      state: 'error',
      reason: 'AddressNotUsable',
      says: /port 8080 .*/,
    },
    'Gateway istio-system/udp-protocol': {
      state: 'error',
      reason: 'UnsupportedProtocol',
      listener: { name: 'udp', state: 'error', reason: 'UnsupportedProtocol' },
    },
    'Gateway istio-system/unknown-protocol': {
      state: 'error',
      reason: 'UnsupportedProtocol',
      listener: {
        name: 'unknown',
        state: 'error',
        reason: 'UnsupportedProtocol',
      },
    },
    'HTTPRoute default/invalid-backendRef-hostname': {
      state: 'error',
      reason: 'BackendNotFound',
      says: /unknown\.example\.com/,
    },
    'HTTPRoute default/invalid-backendRef-kind': {
      state: 'error',
      reason: 'InvalidKind',
      says: /GcsBucket/,
    },
    'HTTPRoute default/invalid-backendRef-mirror': {
      state: 'error',
      reason: 'BackendNotFound',
    },
    'HTTPRoute default/invalid-backendRef-mixed': {
      state: 'error',
      reason: 'InvalidKind',
    },
    'HTTPRoute default/invalid-backendRef-notfound': {
      state: 'error',
      reason: 'BackendNotFound',
      says: /nonexistent/,
    },
    'HTTPRoute default/invalid-backendRef-serviceimport': {
      state: 'error',
      reason: 'BackendNotFound',
    },
    'HTTPRoute default/invalid-mirror': {
      state: 'error',
      reason: 'InvalidKind',
    },
    'HTTPRoute default/invalid-parentRef-port': {
      state: 'error',
      reason: 'NoMatchingParent',
      says: /no listener on port 1234/,
    },
    'HTTPRoute default/invalid-parentRef-service-entry': {
      state: 'error',
      reason: 'NoMatchingParent',
      says: /not found/,
    },
    'HTTPRoute default/invalid-sectionname-port': {
      state: 'error',
      reason: 'NoMatchingParent',
      says: /no listener named fake/,
    },
  },
  isolation: {
    'Gateway gateway-conformance-infra/isolation': {
      state: 'pending',
      reason: 'AddressNotUsable',
    },
    'HTTPRoute gateway-conformance-infra/attaches-to-abc-foo-example-com-with-hostname-intersection':
      { state: 'error', reason: 'BackendNotFound' },
    'HTTPRoute gateway-conformance-infra/attaches-to-empty-hostname-with-hostname-intersection':
      { state: 'error', reason: 'BackendNotFound' },
    'HTTPRoute gateway-conformance-infra/attaches-to-wildcard-example-com-with-hostname-intersection':
      { state: 'error', reason: 'BackendNotFound' },
    'HTTPRoute gateway-conformance-infra/attaches-to-wildcard-foo-example-com-with-hostname-intersection':
      { state: 'error', reason: 'BackendNotFound' },
  },
  'listenerset-invalid': {
    'Gateway istio-system/not-accepted-parent': {
      state: 'error',
      reason: 'UnsupportedAddress',
    },
    // Assigned to some addresses but not all: degraded, not down.
    'Gateway istio-system/parent-gateway': {
      state: 'warning',
      reason: 'AddressNotUsable',
      says: /port 12345/,
    },
    'Gateway istio-system/waypoint': {
      state: 'error',
      reason: 'AddressNotUsable',
      says: /port 15008/,
    },
  },
  'listenerset-same-name-different-ns': {
    'HTTPRoute ns1/bind-ns1': { state: 'error', reason: 'BackendNotFound' },
    'HTTPRoute ns2/bind-ns2': { state: 'error', reason: 'BackendNotFound' },
  },
  mismatch: {
    // Class "something-else" has no GatewayClass, so nothing ever writes status: a warning, not an error.
    'Gateway istio-system/gateway': {
      state: 'warning',
      says: /no GatewayClass named "something-else"/,
    },
  },
  'multi-gateway': {
    'Gateway istio-system/gateway': {
      state: 'warning',
      reason: 'AddressNotUsable',
      says: /istio-ingressgateway\.not-default/,
    },
  },
  'reference-policy-inferencepool': {
    'HTTPRoute istio-system/backend-allowed-ip': {
      state: 'error',
      reason: 'BackendNotFound',
    },
    'HTTPRoute istio-system/backend-not-allowed-ip': {
      state: 'error',
      reason: 'RefNotPermitted',
      says: /references Service default\/httpbin, and/,
    },
  },
  'reference-policy-service': {
    'HTTPRoute istio-system/backend-not-allowed': {
      state: 'error',
      reason: 'RefNotPermitted',
      says: /Service default\/httpbin/,
    },
  },
  'route-binding': {
    'Gateway istio-system/gateway': {
      state: 'warning',
      reason: 'InvalidRouteKinds',
      listener: {
        name: 'scope-route',
        state: 'warning',
        reason: 'InvalidRouteKinds',
      },
    },
    'HTTPRoute default/host-mismatch': {
      state: 'error',
      reason: 'NoMatchingListenerHostname',
      parent: 'istio-system/gateway:foobar',
      says: /no\.match\.example/,
    },
    'HTTPRoute default/invalid-bind-cross-namespace': {
      state: 'error',
      reason: 'NotAllowedByListeners',
      says: /namespace default/,
    },
    'HTTPRoute default/same-namespace-invalid': {
      state: 'error',
      reason: 'NoMatchingListenerHostname',
      parent: 'istio-system/gateway:same-namespace',
    },
    'HTTPRoute group-namespace1/bind-cross-namespace': {
      state: 'error',
      reason: 'NotAllowedByListeners',
      parent: 'istio-system/gateway:slctr-expr-in-no',
      says: /namespace group-namespace1/,
    },
  },
  'route-precedence': {
    'HTTPRoute default/http': {
      state: 'error',
      reason: 'NotAllowedByListeners',
    },
  },
  serviceentry: {
    'Gateway istio-system/gateway': {
      state: 'pending',
      reason: 'AddressNotUsable',
    },
  },
  status: {
    // Another controller's parent entry carries only a custom condition: nothing to judge.
    'HTTPRoute istio-system/existing-istio-first': {
      state: 'unknown',
      parent: 'istio-system/not-istio',
      says: /example\.com\/not-istio did not report/,
    },
    'HTTPRoute istio-system/existing-istio-last': {
      state: 'unknown',
      parent: 'istio-system/not-istio',
    },
  },
  'valid-invalid-parent-ref': {
    'HTTPRoute default/mixed-parent-ref-validity': {
      state: 'error',
      reason: 'NoMatchingParent',
      parent: 'istio-system/gateway#1234',
    },
  },
  waypoint: {
    'Gateway ns/invalid': {
      state: 'error',
      reason: 'UnsupportedProtocol',
      listener: {
        name: 'mesh',
        state: 'error',
        reason: 'UnsupportedProtocol',
        says: /HBONE/,
      },
    },
    'Gateway ns/namespace': { state: 'pending', reason: 'AddressNotUsable' },
  },
};

const INTERPRETED_KINDS = new Set(['Gateway', 'HTTPRoute', 'TLSRoute']);
const label = (o: KubeObject) =>
  `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

function parentLabel(p: {
  gatewayRef: { namespace?: string; name: string };
  sectionName?: string;
  port?: number;
}) {
  return `${p.gatewayRef.namespace}/${p.gatewayRef.name}${
    p.sectionName ? `:${p.sectionName}` : ''
  }${p.port !== undefined ? `#${p.port}` : ''}`;
}

function interpret(istioCase: IstioCase, object: KubeObject) {
  const gateways = istioCase.objects.filter(o => o.kind === 'Gateway');
  const gatewayClasses = istioCase.objects.filter(
    o => o.kind === 'GatewayClass',
  );
  return object.kind === 'Gateway'
    ? interpretGateway({
        gateway: object,
        gatewayClasses: gatewayClasses.length ? gatewayClasses : undefined,
      })
    : interpretRoute({
        route: object,
        gateways,
        gatewayClasses: gatewayClasses.length ? gatewayClasses : undefined,
      });
}

/** What the view shows, in the shape of the expectation (regexes kept when they match). */
function observe(view: GatewayView | RouteView, expected: Expected): Expected {
  const keepIfMatches = (text: string | undefined, pattern: RegExp) =>
    pattern.test(text ?? '') ? pattern : new RegExp(`no match in: ${text}`);
  const observed: Expected = { state: view.state };
  if (
    !expected.reason &&
    !expected.says &&
    view.problem &&
    view.state !== expected.state
  ) {
    observed.says = new RegExp(view.problem.message);
  }
  if (expected.reason) {
    observed.reason = view.problem?.reason;
  }
  if (expected.says) {
    observed.says = keepIfMatches(view.problem?.message, expected.says);
  }
  if (expected.listener) {
    const want = expected.listener;
    const listener =
      'listeners' in view
        ? view.listeners.find(l => l.name === want.name)
        : undefined;
    observed.listener = {
      name: want.name,
      state: listener?.state ?? 'unknown',
      reason: listener?.problem?.reason ?? '',
      ...(want.says
        ? { says: keepIfMatches(listener?.problem?.message, want.says) }
        : {}),
    };
  }
  if (expected.parent) {
    const parent =
      'parents' in view
        ? view.parents.find(p => parentLabel(p) === expected.parent)
        : undefined;
    // The named parent must exist and carry the route's (worst) state.
    observed.parent =
      parent?.state === expected.state
        ? expected.parent
        : `${parent ? parent.state : 'missing'} parent`;
  }
  return observed;
}

describe('interpretation of Istio-written statuses', () => {
  const cases = listIstioCases().map(loadIstioCase);

  it('reads the shared data', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(
      Object.keys(EXPECTED).every(name => cases.some(c => c.name === name)),
    ).toBe(true);
  });

  for (const istioCase of cases) {
    const objects = istioCase.objects.filter(o =>
      INTERPRETED_KINDS.has(o.kind),
    );
    if (objects.length === 0) {
      continue;
    }
    describe(`${istioCase.name}`, () => {
      const expectations = EXPECTED[istioCase.name] ?? {};

      it('lists only objects that exist in the file', () => {
        const labels = objects.map(label);
        expect(
          Object.keys(expectations).filter(l => !labels.includes(l)),
        ).toEqual([]);
      });

      it.each(objects.map(o => [label(o), o] as const))(
        'interprets %s',
        (name, object) => {
          const view = interpret(istioCase, object);
          const expected = expectations[name] ?? { state: 'ok' };
          expect(observe(view, expected)).toEqual(expected);
          // Every problem a card shows as warning or error comes with something to do.
          expect(
            !view.problem ||
              ['unknown', 'pending'].includes(view.problem.state) ||
              !!view.problem.fix,
          ).toBe(true);
        },
      );
    });
  }
});

describe('reason coverage of the Istio data', () => {
  // Reasons that are healthy or informational and need no sentence of their own.
  const HEALTHY_OR_INFORMATIONAL = new Set([
    'Accepted',
    'Programmed',
    'ResolvedRefs',
    'NoConflicts',
    'ListenersAttached',
    'NoListenersAttached',
    'dummy',
  ]);

  it('has a dedicated sentence for every problem reason Istio writes on Gateways and routes', () => {
    const reasons = new Set<string>();
    for (const istioCase of listIstioCases().map(loadIstioCase)) {
      for (const object of istioCase.objects.filter(o =>
        INTERPRETED_KINDS.has(o.kind),
      )) {
        const status = (object.status ?? {}) as Record<string, any>;
        const conditionLists = [
          status.conditions,
          ...(status.listeners ?? []).map((l: any) => l.conditions),
          ...(status.parents ?? []).map((p: any) => p.conditions),
        ];
        for (const condition of conditionLists.flat().filter(Boolean)) {
          reasons.add(condition.reason);
        }
      }
    }
    const explained = new Set(EXPLAINED_REASONS.map(key => key.split(':')[3]));
    const unexplained = [...reasons].filter(
      r => !HEALTHY_OR_INFORMATIONAL.has(r) && !explained.has(r),
    );
    expect(unexplained).toEqual([]);
    expect(reasons.size).toBeGreaterThanOrEqual(15);
  });

  it('explains the listener symptom (Programmed Invalid) as well as its cause', () => {
    const istioCase = loadIstioCase('invalid');
    const gateway = istioCase.objects.find(
      o => o.kind === 'Gateway' && o.metadata.name === 'invalid-cert-notfound',
    )!;
    const listener = interpretGateway({ gateway }).listeners[0];
    expect(listener.programmed).toMatchObject({
      state: 'error',
      reason: 'Invalid',
      message: expect.stringMatching(/Bad TLS configuration/),
    });
    expect(listener.problem?.reason).toBe('InvalidCertificateRef');
  });

  it("turns the caller's Secret and SecretProviderClass knowledge into the Key Vault sentence", () => {
    const istioCase = loadIstioCase('invalid');
    const gateway = istioCase.objects.find(
      o => o.kind === 'Gateway' && o.metadata.name === 'invalid-cert-notfound',
    )!;
    const view = interpretGateway({
      gateway,
      certificateHints: [
        {
          name: 'nonexistent',
          namespace: 'istio-system',
          secretExists: false,
          secretProviderClass: 'nonexistent-spc',
        },
      ],
    });
    expect(view.listeners[0].problem?.message).toBe(
      'Secret nonexistent not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass nonexistent-spc.',
    );
  });
});
