import { Condition } from '../kube';
import { certificateRefHints } from './keyVault';
import { interpretGateway } from './gateway';
import { findGatewayWorkload } from './workload';
import { find, fixture, ofKind } from './__testing__/fixtures';

const CRD_DEFAULT_STATUS = {
  conditions: [
    {
      type: 'Accepted',
      status: 'Unknown',
      reason: 'Pending',
      message: 'Waiting for controller',
      lastTransitionTime: '1970-01-01T00:00:00Z',
    },
    {
      type: 'Programmed',
      status: 'Unknown',
      reason: 'Pending',
      message: 'Waiting for controller',
      lastTransitionTime: '1970-01-01T00:00:00Z',
    },
  ],
};

describe('interpretGateway: HTTPS with TLS from Key Vault (seed scenario)', () => {
  const objects = fixture('https-keyvault');
  const gateway = find(objects, 'Gateway', 'httpbin-gateway');

  it('says the Key Vault secret has not synced and which SecretProviderClass must be mounted', () => {
    const hints = certificateRefHints({
      gateways: [gateway],
      secrets: [],
      secretProviderClasses: ofKind(objects, 'SecretProviderClass'),
    });
    expect(hints).toEqual([
      {
        name: 'httpbin-credential',
        namespace: 'default',
        secretExists: false,
        secretProviderClass: 'httpbin-credential-spc',
      },
    ]);
    const view = interpretGateway({ gateway, certificateHints: hints });
    const listener = view.listeners[0];
    expect(listener).toMatchObject({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      hostname: 'httpbin.example.com',
      tlsMode: 'Terminate',
      attachedRoutes: 1,
      certificateRefs: [
        {
          kind: 'Secret',
          group: '',
          name: 'httpbin-credential',
          namespace: 'default',
        },
      ],
      state: 'error',
    });
    expect(listener.problem).toEqual({
      state: 'error',
      reason: 'InvalidCertificateRef',
      message:
        'Secret httpbin-credential not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass httpbin-credential-spc.',
      fix: expect.stringContaining(
        'mounts SecretProviderClass httpbin-credential-spc',
      ),
    });
    expect(listener.programmed).toMatchObject({
      state: 'error',
      reason: 'Invalid',
    });
    expect(view.state).toBe('error');
    expect(view.problem?.reason).toBe('InvalidCertificateRef');
  });

  it('says the certificate is malformed when the Secret exists', () => {
    const view = interpretGateway({
      gateway,
      certificateHints: [
        {
          name: 'httpbin-credential',
          namespace: 'default',
          secretExists: true,
          secretProviderClass: 'httpbin-credential-spc',
        },
      ],
    });
    expect(view.listeners[0].problem?.message).toMatch(
      /^Secret httpbin-credential exists but its certificate is malformed/,
    );
    expect(view.listeners[0].problem?.fix).toMatch(
      /Key Vault objects behind SecretProviderClass httpbin-credential-spc/,
    );
  });

  it('says no SecretProviderClass syncs the Secret when there is none', () => {
    const view = interpretGateway({
      gateway,
      certificateHints: certificateRefHints({
        gateways: [gateway],
        secrets: [],
        secretProviderClasses: [],
      }),
    });
    expect(view.listeners[0].problem?.message).toBe(
      'Secret httpbin-credential not found in namespace default, and no SecretProviderClass syncs it.',
    );
  });

  it('is ok once the Secret synced and Istio resolved it', () => {
    const synced = fixture('https-keyvault');
    const gw = find(synced, 'Gateway', 'httpbin-gateway');
    const listenerStatus = gw.status.listeners[0];
    listenerStatus.conditions = listenerStatus.conditions.map((c: Condition) =>
      c.type === 'ResolvedRefs' || c.type === 'Programmed'
        ? { ...c, status: 'True', reason: c.type, message: 'No errors found' }
        : c,
    );
    const view = interpretGateway({
      gateway: gw,
      workload: findGatewayWorkload(gw, synced),
    });
    expect(view.state).toBe('ok');
    expect(view.problem).toBeUndefined();
  });

  it('reports the generated Deployment, Service, HPA and PDB, revision and deployment mode', () => {
    const view = interpretGateway({
      gateway,
      workload: findGatewayWorkload(gateway, objects),
      installedRevisions: ['asm-1-25', 'asm-1-26'],
    });
    expect(view.deploymentMode).toBe('automated');
    expect(view).toMatchObject({
      revision: 'asm-1-26',
      revisionSource: 'gateway-label',
    });
    expect(view.addresses).toEqual([
      { type: 'IPAddress', value: '20.10.30.40' },
    ]);
    expect(view.workload).toMatchObject({
      deployment: {
        name: 'httpbin-gateway-istio',
        desiredReplicas: 2,
        readyReplicas: 2,
        state: 'ok',
      },
      service: {
        type: 'LoadBalancer',
        clusterIP: '10.0.65.45',
        externalAddresses: ['20.10.30.40'],
        ports: [15021, 443],
        state: 'ok',
      },
      hpa: { minReplicas: 2, maxReplicas: 5, currentReplicas: 3, state: 'ok' },
      pdb: { minAvailable: 1, disruptionsAllowed: 2, state: 'ok' },
      state: 'ok',
    });
  });

  it('flags an HPA below 2 replicas and a gateway without ready pods', () => {
    const objs = fixture('https-keyvault');
    const gw = find(objs, 'Gateway', 'httpbin-gateway');
    find(
      objs,
      'HorizontalPodAutoscaler',
      'httpbin-gateway-istio',
    ).spec.minReplicas = 1;
    find(objs, 'Deployment', 'httpbin-gateway-istio').status.readyReplicas = 0;
    const workload = interpretGateway({
      gateway: gw,
      workload: findGatewayWorkload(gw, objs),
    }).workload!;
    expect(workload.hpa).toMatchObject({
      state: 'warning',
      message: expect.stringMatching(/at least 2/),
    });
    expect(workload.deployment).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/No gateway pod is ready/),
    });
    expect(workload.state).toBe('error');
  });
});

describe('interpretGateway: controller ownership and transient states', () => {
  const base = () =>
    find(fixture('http-gateway'), 'Gateway', 'httpbin-gateway');
  const istioClass = find(fixture('http-gateway'), 'GatewayClass', 'istio');

  it('treats the CRD default status as waiting for a controller, not as an error', () => {
    const gateway = { ...base(), status: CRD_DEFAULT_STATUS };
    const view = interpretGateway({ gateway });
    expect(view.accepted).toMatchObject({
      state: 'pending',
      reason: 'Pending',
    });
    expect(view.accepted.message).toMatch(
      /No controller has picked up this Gateway/,
    );
    expect(view.accepted.fix).toMatch(/gatewayClassName "istio"/);
    expect(view.listeners[0].accepted).toMatchObject({
      state: 'pending',
      message: 'No controller owns this Gateway.',
    });
    expect(view.state).toBe('pending');
  });

  it('says no controller owns it when the class does not exist (wrong class)', () => {
    const gateway = {
      ...base(),
      spec: { ...base().spec, gatewayClassName: 'istio-typo' },
      status: CRD_DEFAULT_STATUS,
    };
    const view = interpretGateway({ gateway, gatewayClasses: [istioClass] });
    expect(view.accepted).toMatchObject({
      state: 'warning',
      message:
        'No controller owns this Gateway: there is no GatewayClass named "istio-typo".',
    });
    expect(view.state).toBe('warning');
  });

  it('shows an address still being assigned as pending', () => {
    const gateway = base();
    gateway.status.addresses = [];
    gateway.status.conditions[1] = {
      type: 'Programmed',
      status: 'False',
      reason: 'AddressNotAssigned',
      message:
        'Assigned to service(s) httpbin-gateway-istio.default.svc.cluster.local:80, but failed to assign to all requested addresses: address pending for hostname "httpbin-gateway-istio.default.svc.cluster.local"',
      observedGeneration: 1,
    };
    const view = interpretGateway({ gateway });
    expect(view.programmed).toMatchObject({
      state: 'pending',
      reason: 'AddressNotAssigned',
      message: 'Waiting for the load balancer to assign an address.',
    });
    expect(view.state).toBe('pending');
  });

  it('marks conditions older than the spec as not yet reconciled', () => {
    const gateway = base();
    gateway.metadata.generation = 2;
    const view = interpretGateway({ gateway });
    expect(view.accepted).toMatchObject({
      state: 'pending',
      stale: true,
      reason: 'Accepted',
    });
    expect(view.accepted.message).toMatch(
      /^Not yet reconciled: the controller last reported on generation 1, the object is at generation 2/,
    );
    expect(view.listeners[0].state).toBe('pending');
  });

  it('reports ResolvedRefs on Gateways that carry it (Gateway API v1.5)', () => {
    const gateway = base();
    gateway.status.conditions.push({
      type: 'ResolvedRefs',
      status: 'False',
      reason: 'RefNotPermitted',
      message: 'caCertificateRef other/ca not accessible',
      observedGeneration: 1,
    });
    const view = interpretGateway({ gateway });
    expect(view.resolvedRefs).toMatchObject({
      state: 'error',
      reason: 'RefNotPermitted',
      fix: expect.stringMatching(/ReferenceGrant/),
    });
  });

  it('explains listener conflicts', () => {
    const gateway = base();
    gateway.status.listeners[0].conditions[1] = {
      type: 'Conflicted',
      status: 'True',
      reason: 'HostnameConflict',
      message: 'conflict',
      observedGeneration: 1,
    };
    const listener = interpretGateway({ gateway }).listeners[0];
    expect(listener.conflicted).toMatchObject({
      state: 'error',
      reason: 'HostnameConflict',
      fix: 'Give each listener on a port a distinct hostname.',
    });
  });
});

describe('interpretGateway: other deployment models (seed scenarios)', () => {
  it('recognises the managed external ingress (single Hostname address) as manual deployment', () => {
    const view = interpretGateway({
      gateway: find(fixture('managed-external-ingress'), 'Gateway', 'gateway'),
      namespaceLabels: { 'istio.io/rev': 'asm-1-27' },
    });
    expect(view).toMatchObject({
      deploymentMode: 'manual',
      state: 'ok',
      revision: 'asm-1-27',
      revisionSource: 'namespace-label',
    });
    expect(view.listeners[0]).toMatchObject({
      hostname: '*.aks.rocks',
      attachedRoutes: 2,
      state: 'ok',
    });
  });

  it('accepts an Application Gateway for Containers Gateway without a Conflicted condition', () => {
    const view = interpretGateway({
      gateway: find(fixture('agc'), 'Gateway', 'gateway-01'),
    });
    expect(view).toMatchObject({
      deploymentMode: 'external-controller',
      className: 'azure-alb-external',
      state: 'ok',
    });
    expect(view.addresses).toEqual([
      { type: 'Hostname', value: 'xxxx.yyyy.alb.azure.com' },
    ]);
    expect(view.listeners[0].conflicted).toEqual({
      state: 'ok',
      message: 'No conflicts reported.',
    });
    expect(view.revision).toBeUndefined();
  });

  it('without any status, waits for a controller', () => {
    const gateway = {
      ...find(fixture('agc'), 'Gateway', 'gateway-01'),
      status: undefined,
    };
    const view = interpretGateway({ gateway });
    expect(view.state).toBe('pending');
    expect(view.accepted.message).toBe(
      'No controller has reported on this Gateway yet.',
    );
  });
});
