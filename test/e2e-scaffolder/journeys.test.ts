/**
 * End to end per journey: each template's steps run through the real action handlers in apply
 * mode against a real change API (ChangeService + /changes routes) on aks-sim, as the initiating
 * user; the objects exist and reach Accepted/Programmed (or the expected reason), and a re-run is
 * `unchanged`. Faults: a failure at object k of n leaves the cluster as before; a permission
 * denial changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clusterContent,
  condition,
  eventually,
  get,
} from './support/clusterState';
import { loadTemplate, runTemplate } from './support/templateRunner';
import {
  CLUSTER,
  E2eBackend,
  startE2eBackend,
  userCredentials,
} from './support/trafficBackend';

const GW = 'gateway.networking.k8s.io/v1';
const alice = userCredentials('user:default/alice');

let backend: E2eBackend;
before(async () => {
  backend = await startE2eBackend();
});
after(() => backend.stop());

async function run(
  name: string,
  parameters: Record<string, unknown>,
  credentials = alice,
) {
  return runTemplate({
    template: loadTemplate(name),
    parameters: { cluster: CLUSTER, delivery: 'apply', ...parameters },
    actions: backend.actions,
    credentials,
  });
}

function trafficStates(result: Awaited<ReturnType<typeof run>>) {
  return result.steps
    .filter(s => !s.skipped && s.action.startsWith('traffic:'))
    .map(s => `${s.id}:${s.output.changeState}`);
}

async function routeAccepted(namespace: string, name: string) {
  return eventually(
    () =>
      condition(
        get(backend.cluster, GW, 'HTTPRoute', namespace, name)?.status
          ?.parents?.[0]?.conditions,
        'Accepted',
      )?.status === 'True',
    5000,
  );
}

async function gatewayCondition(
  namespace: string,
  name: string,
  type: string,
  status = 'True',
) {
  return eventually(
    () =>
      condition(
        get(backend.cluster, GW, 'Gateway', namespace, name)?.status
          ?.conditions,
        type,
      )?.status === status,
    5000,
  );
}

describe('journeys on aks-sim through the scaffolder actions', () => {
  test('expose-http-route: Gateway Programmed, route Accepted, re-run unchanged', async () => {
    const parameters = { entityRef: 'component:default/httpbin' };
    const first = await run('expose-http-route', parameters);
    // One change: the Gateway and its route (routes input) are applied together.
    assert.deepEqual(trafficStates(first), ['gateway:applied']);
    assert.deepEqual(
      first.steps
        .find(s => s.id === 'gateway')!
        .output.objectRefs.map((r: any) => `${r.kind} ${r.name}`),
      ['Gateway httpbin-gateway', 'HTTPRoute http'],
    );
    await gatewayCondition('default', 'httpbin-gateway', 'Programmed');
    await routeAccepted('default', 'http');
    assert.deepEqual(first.steps.find(s => s.id === 'gateway')!.output.links, [
      {
        title: 'Traffic tab',
        url: '/catalog/default/component/httpbin/traffic',
        icon: 'kind:component',
      },
    ]);
    const before = clusterContent(backend.cluster);
    assert.deepEqual(
      trafficStates(await run('expose-http-route', parameters)),
      ['gateway:unchanged'],
    );
    assert.deepEqual(clusterContent(backend.cluster), before);
  });

  test('expose-http-route onto an existing Gateway listener (TrafficGatewayPicker value)', async () => {
    const result = await run('expose-http-route', {
      entityRef: 'component:default/httpbin',
      createGateway: false,
      gateway: {
        cluster: CLUSTER,
        namespace: 'default',
        name: 'httpbin-gateway',
        sectionName: 'http',
      },
      routeName: 'http-headers',
      pathPrefix: '/headers',
    });
    assert.deepEqual(trafficStates(result), ['routeExisting:applied']);
    await routeAccepted('default', 'http-headers');
  });

  test('https-keyvault-tls: Secret synced from Key Vault, HTTPS listener resolves its certificate', async () => {
    const parameters = {
      entityRef: 'component:default/httpbin',
      keyVaultName: backend.keyVaultName,
      tenantId: '11111111-2222-3333-4444-555555555555',
      clientId: '66666666-7777-8888-9999-000000000000',
      gatewayName: 'httpbin-gateway-tls',
    };
    const first = await run('https-keyvault-tls', parameters);
    assert.deepEqual(trafficStates(first), [
      'tls:applied',
      'gateway:applied',
    ]);
    await gatewayCondition('default', 'httpbin-gateway-tls', 'Accepted');
    // aks-sim runs no ReplicaSet controller: until a pod mounts the SecretProviderClass the listener
    // reports the expected reason, InvalidCertificateRef (the Key Vault secret has not synced).
    await eventually(() => {
      const listener = get(
        backend.cluster,
        GW,
        'Gateway',
        'default',
        'httpbin-gateway-tls',
      )?.status?.listeners?.[0];
      return (
        condition(listener?.conditions, 'ResolvedRefs')?.reason ===
        'InvalidCertificateRef'
      );
    }, 5000);
    const template = get(
      backend.cluster,
      'apps/v1',
      'Deployment',
      'default',
      'httpbin-credential-sync',
    ).spec.template;
    backend.cluster.store.apply(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'httpbin-credential-sync-7d9f8',
          namespace: 'default',
          labels: template.metadata?.labels,
        },
        spec: template.spec,
      },
      { fieldManager: 'replicaset-controller', force: true },
    );
    await eventually(
      () =>
        get(backend.cluster, 'v1', 'Secret', 'default', 'httpbin-credential'),
      5000,
    );
    await eventually(() => {
      const listener = get(
        backend.cluster,
        GW,
        'Gateway',
        'default',
        'httpbin-gateway-tls',
      )?.status?.listeners?.[0];
      return condition(listener?.conditions, 'ResolvedRefs')?.status === 'True';
    }, 5000);
    await routeAccepted('default', 'httpbin');
    assert.deepEqual(
      trafficStates(await run('https-keyvault-tls', parameters)),
      ['tls:unchanged', 'gateway:unchanged'],
    );
  });

  test('managed-external-ingress-route: Gateway on aks-istio-ingress, cross-namespace route Accepted', async () => {
    const parameters = {
      entityRef: 'component:pets/store-front',
      createGateway: true,
    };
    const first = await run('managed-external-ingress-route', parameters);
    assert.deepEqual(trafficStates(first), [
      'gateway:applied',
    ]);
    await gatewayCondition('aks-istio-ingress', 'gateway', 'Accepted');
    await routeAccepted('pets', 'store-front');
    assert.deepEqual(
      trafficStates(await run('managed-external-ingress-route', parameters)),
      ['gateway:unchanged'],
    );
  });

  test('egress-static-ip: http, TLS passthrough and TLS origination through the egress gateway', async () => {
    await eventually(
      () =>
        get(
          backend.cluster,
          'egressgateway.kubernetes.azure.com/v1alpha1',
          'StaticGatewayConfiguration',
          'aks-istio-egress',
          'asm-egress-sgc',
        )?.status?.egressIpPrefix,
      5000,
    );
    for (const [mode, name] of [
      ['http', 'cnn'],
      ['tls-passthrough', 'cnn-tls'],
      ['tls-origination', 'cnn-orig'],
    ]) {
      const parameters = {
        entityRef: 'component:default/curl',
        mode,
        name,
        host: `${name}.example.org`,
      };
      const first = await run('egress-static-ip', parameters);
      assert.deepEqual(trafficStates(first), ['egress:applied'], mode);
      const refs = first.steps[0].output.objectRefs as Array<{
        kind: string;
        namespace: string;
        name: string;
        apiVersion: string;
      }>;
      for (const ref of refs)
        assert.ok(
          get(
            backend.cluster,
            ref.apiVersion,
            ref.kind,
            ref.namespace,
            ref.name,
          ),
          `${ref.kind} ${ref.name} exists`,
        );
      assert.deepEqual(
        trafficStates(await run('egress-static-ip', parameters)),
        ['egress:unchanged'],
      );
    }
    const sidecar = await run('egress-static-ip', {
      entityRef: 'component:default/curl',
      name: 'cnn',
      host: 'cnn.example.org',
      registryOnly: 'namespace',
      clientNamespace: 'default',
    });
    assert.deepEqual(trafficStates(sidecar), ['egress:applied']);
    assert.equal(
      get(
        backend.cluster,
        'networking.istio.io/v1',
        'Sidecar',
        'default',
        'default',
      ).spec.outboundTrafficPolicy.mode,
      'REGISTRY_ONLY',
    );
  });

  test('agc-mesh-mtls: namespace labelled, STRICT PeerAuthentication, AGC Gateway and route Accepted', async () => {
    const parameters = { entityRef: 'component:test-infra/backend-v1' };
    const first = await run('agc-mesh-mtls', parameters);
    assert.deepEqual(trafficStates(first), [
      'mtls:applied',
      'gateway:applied',
    ]);
    assert.equal(
      get(backend.cluster, 'v1', 'Namespace', undefined, 'test-infra').metadata
        .labels['istio.io/rev'],
      'asm-1-26',
    );
    assert.equal(
      get(
        backend.cluster,
        'security.istio.io/v1',
        'PeerAuthentication',
        'test-infra',
        'default',
      ).spec.mtls.mode,
      'STRICT',
    );
    await gatewayCondition('test-infra', 'gateway-01', 'Accepted');
    await routeAccepted('test-infra', 'backend-v1-route');
    assert.deepEqual(trafficStates(await run('agc-mesh-mtls', parameters)), [
      'mtls:unchanged',
      'gateway:unchanged',
    ]);
  });

  test('front-door-private-link: internal LB with Private Link annotations, health probe route Accepted', async () => {
    const parameters = { entityRef: 'component:default/echoserver' };
    const first = await run('front-door-private-link', parameters);
    assert.deepEqual(trafficStates(first), [
      'gateway:applied',
    ]);
    const service = await eventually(
      () =>
        get(backend.cluster, 'v1', 'Service', 'default', 'istio-ingress-istio'),
      5000,
    );
    assert.equal(
      service.metadata.annotations[
        'service.beta.kubernetes.io/azure-load-balancer-internal'
      ],
      'true',
    );
    assert.equal(
      service.metadata.annotations[
        'service.beta.kubernetes.io/azure-pls-create'
      ],
      'true',
    );
    await routeAccepted('default', 'echoserver');
    await routeAccepted('default', 'istio-ingress-frontdoor-health-probe');
    assert.deepEqual(
      trafficStates(await run('front-door-private-link', parameters)),
      ['gateway:unchanged'],
    );
  });
});

describe('faults', () => {
  test('a failure at the last object leaves the cluster exactly as before (the ones before it restored)', async () => {
    backend.cluster.store.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'echo2', namespace: 'default' },
        spec: { ports: [{ port: 8080 }] },
      },
      { fieldManager: 'kubectl', force: true },
    );
    const parameters = {
      entityRef: 'component:default/echo2',
      gatewayName: 'web2',
      privateLinkServiceName: 'pls-web2',
      service: 'echo2',
    };
    assert.deepEqual(
      trafficStates(await run('front-door-private-link', parameters)),
      ['gateway:applied'],
    );
    await routeAccepted('default', 'echo2');
    const stateBefore = clusterContent(backend.cluster);
    const api: any = await backend.registry.get(CLUSTER).objectApi();
    const original = api.patch.bind(api);
    // Fail the probe route (object 2) only when it is really applied, after a clean dry-run.
    api.patch = (object: any, pretty: any, dryRun: any, ...rest: any[]) => {
      if (!dryRun)
        backend.cluster.faults.set({
          errors: [
            {
              status: 500,
              rate: 1,
              method: 'PATCH',
              path: '/httproutes/web2-frontdoor-health-probe$',
            },
          ],
        });
      return original(object, pretty, dryRun, ...rest);
    };
    try {
      // A new hostname updates the app route (object 1), a new probe path the probe route (object 2).
      await assert.rejects(
        run('front-door-private-link', {
          ...parameters,
          hostname: 'echo2.example.com',
          probePath: '/probe2',
        }),
        /failed: Applying object \d of \d \(HTTPRoute default\/web2-frontdoor-health-probe\) failed: .*object\(s\) applied before it were restored/,
      );
    } finally {
      api.patch = original;
      await backend.cluster.faults.clear();
    }
    assert.deepEqual(clusterContent(backend.cluster), stateBefore);
  });

  test('a permission denial fails the step and changes nothing', async () => {
    const stateBefore = clusterContent(backend.cluster);
    backend.permission.allow = false;
    try {
      await assert.rejects(
        run('expose-http-route', {
          entityRef: 'component:default/httpbin',
          gatewayName: 'denied-gateway',
          routeName: 'denied',
        }),
        /NotAllowed|may not change traffic/,
      );
    } finally {
      backend.permission.allow = true;
    }
    assert.deepEqual(clusterContent(backend.cluster), stateBefore);
  });
});
