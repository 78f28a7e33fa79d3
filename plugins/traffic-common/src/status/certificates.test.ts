import { ParsedCertificate } from '../model';
import parsed from '../__fixtures__/status/parsed-certificates.json';
import {
  daysLeft,
  hostnameCoverage,
  interpretCertificate,
  CertificateInput,
} from './certificates';
import { find, fixture } from './__testing__/fixtures';

const NOW = '2026-11-22T00:00:00Z';
const certs = parsed as unknown as Record<
  | 'expired'
  | 'notExpired'
  | 'istioIntermediateCa'
  | 'istioWorkloadFooWithChain',
  ParsedCertificate
>;

/** A listener certificate for httpbin.example.com issued by a private CA, as in the Key Vault seed. */
const httpbinCert = (
  notAfter: string,
  overrides: Partial<ParsedCertificate> = {},
): ParsedCertificate => ({
  subjectCN: 'httpbin.example.com',
  sans: { dns: ['httpbin.example.com'], ip: [] },
  issuerCN: 'example.com',
  serial: '00',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter,
  isCA: false,
  chainLength: 1,
  chainValid: true,
  selfSigned: false,
  ...overrides,
});

function input(overrides: Partial<CertificateInput>): CertificateInput {
  const objects = fixture('https-keyvault');
  return {
    gatewayRef: {
      kind: 'Gateway',
      name: 'httpbin-gateway',
      namespace: 'default',
    },
    listenerName: 'https',
    listenerHostname: 'httpbin.example.com',
    secretRef: { name: 'httpbin-credential', namespace: 'default' },
    secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'httpbin-credential',
        namespace: 'default',
        labels: { 'secrets-store.csi.k8s.io/managed': 'true' },
      },
    },
    secretProviderClass: find(
      objects,
      'SecretProviderClass',
      'httpbin-credential-spc',
    ),
    now: NOW,
    ...overrides,
  };
}

describe('certificates from the shared PEMs (dates read with openssl)', () => {
  it('expired-cert.pem is expired', () => {
    const view = interpretCertificate(
      input({ parsed: certs.expired, listenerHostname: undefined }),
    );
    expect(view).toMatchObject({
      state: 'expired',
      notAfter: '2021-07-06T17:00:49Z',
      serial: '067B7BB723DB61DAA086DEAE4EE16733D51D81A2',
    });
    expect(view.daysLeft).toBeLessThan(0);
    expect(view.problem).toBe('The certificate expired on 2021-07-06.');
    expect(view.fix).toMatch(/Renew the certificate in Key Vault/);
  });

  it('notexpired-cert.pem has years left but is self-signed', () => {
    const view = interpretCertificate(
      input({ parsed: certs.notExpired, listenerHostname: undefined }),
    );
    expect(view.daysLeft).toBe(daysLeft('2031-07-03T17:04:35Z', NOW));
    expect(view.daysLeft).toBe(1684);
    expect(view.state).toBe('warning');
    expect(view.chain).toMatchObject({
      state: 'warning',
      message: expect.stringMatching(/Self-signed/),
    });
  });

  it('the Istio sample intermediate covers ca.istio.io only', () => {
    const view = interpretCertificate(
      input({
        parsed: certs.istioIntermediateCa,
        listenerHostname: 'ca.istio.io',
        routeHostnames: ['other.istio.io'],
      }),
    );
    expect(view.covers).toEqual([
      { hostname: 'ca.istio.io', covered: true, via: 'san' },
      { hostname: 'other.istio.io', covered: false },
    ]);
    expect(view.state).toBe('error');
    expect(view.problem).toBe(
      'The certificate does not cover other.istio.io (SANs: ca.istio.io).',
    );
  });

  it('the Istio sample workload bundle is a valid two-certificate chain until 2033', () => {
    const view = interpretCertificate(
      input({
        parsed: certs.istioWorkloadFooWithChain,
        listenerHostname: undefined,
      }),
    );
    expect(view).toMatchObject({
      state: 'ok',
      issuer: 'Istio CA',
      chain: { state: 'ok', length: 2 },
    });
    expect(view.problem).toBeUndefined();
  });
});

describe('expiry thresholds', () => {
  it.each([
    ['2027-06-01T00:00:00Z', 'ok'],
    ['2026-12-20T00:00:00Z', 'warning'],
    ['2026-11-27T00:00:00Z', 'error'],
    ['2026-11-21T23:00:00Z', 'expired'],
  ] as const)(
    'notAfter %s is %s with the default 30/7 days',
    (notAfter, state) => {
      expect(
        interpretCertificate(input({ parsed: httpbinCert(notAfter) })).state,
      ).toBe(state);
    },
  );

  it('accepts configured thresholds', () => {
    const view = interpretCertificate(
      input({
        parsed: httpbinCert('2027-01-15T00:00:00Z'),
        thresholds: { warnDays: 60, errorDays: 14 },
      }),
    );
    expect(view).toMatchObject({
      state: 'warning',
      daysLeft: 54,
      problem: 'The certificate expires in 54 days.',
    });
  });

  it('rejects a certificate that is not valid yet', () => {
    const view = interpretCertificate(
      input({
        parsed: httpbinCert('2027-06-01T00:00:00Z', {
          notBefore: '2026-12-01T00:00:00Z',
        }),
      }),
    );
    expect(view).toMatchObject({
      state: 'error',
      problem: 'The certificate is not valid before 2026-12-01.',
    });
  });

  it('rejects a broken chain', () => {
    const view = interpretCertificate(
      input({
        parsed: httpbinCert('2027-06-01T00:00:00Z', {
          chainLength: 3,
          chainValid: false,
        }),
      }),
    );
    expect(view).toMatchObject({ state: 'error', chain: { state: 'error' } });
  });
});

describe('Secret and source', () => {
  it('is not-synced when the SecretProviderClass exists but the Secret does not', () => {
    const view = interpretCertificate(input({ secret: undefined }));
    expect(view).toMatchObject({
      state: 'not-synced',
      problem:
        'Secret httpbin-credential not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass httpbin-credential-spc.',
      source: {
        type: 'key-vault',
        secretProviderClass: 'httpbin-credential-spc',
        synced: false,
        keyVaultName: 'kv-traffic-demo',
        objectName: 'test-httpbin-cert-pfx',
      },
    });
  });

  it('is missing when nothing provides the Secret', () => {
    const view = interpretCertificate(
      input({ secret: undefined, secretProviderClass: undefined }),
    );
    expect(view).toMatchObject({
      state: 'missing',
      source: { type: 'secret' },
    });
  });

  it('names the cert-manager Certificate behind a Secret', () => {
    const view = interpretCertificate(
      input({
        secretProviderClass: undefined,
        secret: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: 'x',
            annotations: { 'cert-manager.io/certificate-name': 'httpbin-cert' },
          },
        },
        parsed: httpbinCert('2027-06-01T00:00:00Z'),
      }),
    );
    expect(view.source).toEqual({
      type: 'cert-manager',
      certificate: 'httpbin-cert',
    });
    expect(view.state).toBe('ok');
  });

  it('is an error when tls.crt could not be parsed', () => {
    const view = interpretCertificate(input({ parseError: 'no PEM data' }));
    expect(view).toMatchObject({
      state: 'error',
      problem:
        'The certificate in Secret httpbin-credential cannot be read (no PEM data).',
    });
  });
});

describe('hostname coverage', () => {
  const wildcard = httpbinCert('2027-06-01T00:00:00Z', {
    sans: { dns: ['*.example.com', 'example.com'], ip: ['10.0.0.1'] },
  });

  it('lets a wildcard SAN cover exactly one label', () => {
    expect(
      hostnameCoverage(
        [
          'a.example.com',
          'a.b.example.com',
          'example.com',
          '10.0.0.1',
          'A.EXAMPLE.COM',
        ],
        wildcard,
      ),
    ).toEqual([
      { hostname: 'a.example.com', covered: true, via: 'san' },
      { hostname: 'a.b.example.com', covered: false },
      { hostname: 'example.com', covered: true, via: 'san' },
      { hostname: '10.0.0.1', covered: true, via: 'san' },
      { hostname: 'A.EXAMPLE.COM', covered: true, via: 'san' },
    ]);
  });

  it('covers a wildcard listener hostname only with the same wildcard', () => {
    expect(
      hostnameCoverage(['*.example.com', '*.b.example.com'], wildcard).map(
        c => c.covered,
      ),
    ).toEqual([true, false]);
  });

  it("warns when the hostname is only in the CN (the seed's openssl certificate has no SAN)", () => {
    const cnOnly = httpbinCert('2027-06-01T00:00:00Z', {
      sans: { dns: [], ip: [] },
    });
    const view = interpretCertificate(input({ parsed: cnOnly }));
    expect(view.covers).toEqual([
      { hostname: 'httpbin.example.com', covered: true, via: 'common-name' },
    ]);
    expect(view).toMatchObject({
      state: 'warning',
      problem:
        'httpbin.example.com appears only in the subject CN; browsers require a subjectAltName.',
    });
  });
});
