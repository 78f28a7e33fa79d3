import { ClientSecretCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describeClusterError } from '../cache/clusterErrors';
import { AKS_AAD_SCOPE, AzureTokenProvider } from './AzureTokenProvider';
import { ClusterAuthError } from './types';

const HOUR = 60 * 60 * 1000;

function fakeCredential(tokens: Array<AccessToken | Error>) {
  const calls: string[][] = [];
  const credential: TokenCredential = {
    getToken: async scopes => {
      calls.push([scopes].flat());
      const next = tokens.shift();
      if (!next) throw new Error('no more tokens');
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { credential, calls };
}

describe('AzureTokenProvider', () => {
  it('asks for the AKS scope, caches the token and refreshes it 5 minutes before expiry', async () => {
    let now = 1_000_000;
    const { credential, calls } = fakeCredential([
      { token: 'first', expiresOnTimestamp: now + HOUR },
      { token: 'second', expiresOnTimestamp: now + 2 * HOUR },
    ]);
    const provider = new AzureTokenProvider({ credential, now: () => now });
    expect(await provider.token()).toBe('first');
    now += HOUR - 6 * 60_000;
    expect(await provider.token()).toBe('first');
    now += 2 * 60_000; // 4 minutes left: refresh
    expect(await provider.token()).toBe('second');
    expect(calls).toEqual([[AKS_AAD_SCOPE], [AKS_AAD_SCOPE]]);
  });

  it('shares one request between concurrent callers', async () => {
    const { credential, calls } = fakeCredential([{ token: 't', expiresOnTimestamp: Date.now() + HOUR }]);
    const provider = new AzureTokenProvider({ credential });
    expect(await Promise.all([provider.token(), provider.token(), provider.token()])).toEqual(['t', 't', 't']);
    expect(calls).toHaveLength(1);
  });

  it('keeps a still-valid token when the refresh fails, and fails once it has expired', async () => {
    let now = 0;
    const { credential } = fakeCredential([
      { token: 'valid', expiresOnTimestamp: 10 * 60_000 },
      new Error('AADSTS700024: Client assertion is not within its valid time range.'),
      new Error('AADSTS700024: Client assertion is not within its valid time range.'),
    ]);
    const provider = new AzureTokenProvider({ credential, now: () => now });
    await provider.token();
    now = 6 * 60_000;
    expect(await provider.token()).toBe('valid');
    now = 11 * 60_000;
    const error = await provider.token().catch(e => e);
    expect(error).toBeInstanceOf(ClusterAuthError);
    expect(describeClusterError(error)).toMatchObject({ kind: 'unauthorized', reason: 'CredentialUnavailable' });
    expect(error.message).toContain('AADSTS700024');
  });

  it('reports a credential that returns no token', async () => {
    const provider = new AzureTokenProvider({ credential: { getToken: async () => null } });
    await expect(provider.token()).rejects.toThrow('returned no token');
  });

  describe('with a ClientSecretCredential against a mocked Entra ID', () => {
    const tenant = '00000000-0000-0000-0000-0000000000aa';
    const authority = `https://login.microsoftonline.com/${tenant}`;
    const server = setupServer(
      http.get(`${authority}/v2.0/.well-known/openid-configuration`, () =>
        HttpResponse.json({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
        }),
      ),
      http.get('https://login.microsoftonline.com/common/discovery/instance', () =>
        HttpResponse.json({
          tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
          metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
        }),
      ),
    );
    beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
    afterAll(() => server.close());

    it('turns an invalid client secret into an unauthorized cluster error without the secret', async () => {
      server.use(
        http.post(`${authority}/oauth2/v2.0/token`, () =>
          HttpResponse.json(
            {
              error: 'invalid_client',
              error_description: 'AADSTS7000215: Invalid client secret provided.',
              error_codes: [7000215],
            },
            { status: 401 },
          ),
        ),
      );
      const provider = new AzureTokenProvider({
        credential: new ClientSecretCredential(tenant, 'client-id', 'super-secret-value'),
      });
      const error = await provider.token().catch(e => e);
      expect(error).toBeInstanceOf(ClusterAuthError);
      const described = describeClusterError(error);
      expect(described.kind).toBe('unauthorized');
      expect(described.message).toMatch(/Azure AD token/);
      expect(JSON.stringify(described)).not.toContain('super-secret-value');
    });

    it('uses the token the endpoint issues', async () => {
      server.use(
        http.post(`${authority}/oauth2/v2.0/token`, () =>
          HttpResponse.json({ token_type: 'Bearer', expires_in: 3599, access_token: 'aad-access-token' }),
        ),
      );
      const provider = new AzureTokenProvider({
        credential: new ClientSecretCredential(tenant, 'client-id', 'secret'),
      });
      expect(await provider.token()).toBe('aad-access-token');
    });
  });
});
