import type { ApiHolder } from '@backstage/core-plugin-api';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { trafficApiRef, type TrafficApi } from '../../../api';
import { gatewayOptions } from '../../../__fixtures__';
import { mockTrafficApi } from '../../../__testUtils__';
import {
  hostnameSyntaxError,
  listenerMismatchError,
} from './hostnameValidation';
import {
  TrafficHostnameField,
  validateTrafficHostname,
} from './TrafficHostnameField';

const httpListener = {
  cluster: 'aks-prod-westeurope',
  namespace: 'default',
  name: 'httpbin-gateway',
  sectionName: 'http',
};
const httpsListener = { ...httpListener, sectionName: 'https' };

async function validate(
  hostname: string,
  formData: Record<string, unknown>,
  api: TrafficApi,
) {
  const addError = jest.fn();
  const apiHolder: ApiHolder = {
    get: ref => (ref.id === trafficApiRef.id ? api : undefined) as any,
  };
  await validateTrafficHostname(
    hostname,
    { addError } as any,
    { apiHolder, formData, schema: {} } as any,
  );
  return addError.mock.calls.map(call => call[0] as string);
}

describe('hostname syntax', () => {
  it.each([
    'app.example.com',
    '*.example.com',
    'a-b.c1.example.io',
    'localhost',
  ])('accepts %s', hostname => {
    expect(hostnameSyntaxError(hostname)).toBeUndefined();
  });

  it.each([
    ['App.example.com', /lower-case/],
    ['10.0.0.1', /IP addresses/],
    ['app..example.com', /DNS name/],
    ['*example.com', /DNS name/],
    ['a.*.example.com', /DNS name/],
    ['-app.example.com', /DNS name/],
  ])('rejects %s', (hostname, message) => {
    expect(hostnameSyntaxError(hostname)).toMatch(message);
  });
});

describe('listener hostname matching (Gateway API wildcards)', () => {
  it.each([
    ['foo.example.com', '*.example.com'],
    ['a.b.example.com', '*.example.com'],
    ['*.example.com', '*.example.com'],
    ['*.foo.example.com', '*.example.com'],
    ['*.example.com', 'foo.example.com'],
    ['anything.org', undefined],
    ['httpbin.example.com', 'httpbin.example.com'],
  ])('%s attaches to a listener for %s', (hostname, listenerHostname) => {
    expect(
      listenerMismatchError(hostname, listenerHostname, 'http'),
    ).toBeUndefined();
  });

  it.each([
    ['example.com', '*.example.com'],
    ['foo.example.org', '*.example.com'],
    ['other.example.com', 'httpbin.example.com'],
  ])(
    '%s does not attach to a listener for %s',
    (hostname, listenerHostname) => {
      expect(listenerMismatchError(hostname, listenerHostname, 'http')).toMatch(
        /NoMatchingListenerHostname/,
      );
    },
  );
});

describe('validateTrafficHostname', () => {
  const api = mockTrafficApi({
    listGateways: jest.fn(async () => gatewayOptions),
  });

  it('accepts a hostname inside the chosen wildcard listener', async () => {
    expect(
      await validate('shop.example.com', { gateway: httpListener }, api),
    ).toEqual([]);
    expect(api.listGateways).toHaveBeenCalledWith({
      cluster: 'aks-prod-westeurope',
    });
  });

  it('rejects a hostname outside the chosen listener', async () => {
    expect(
      await validate('shop.example.com', { gateway: httpsListener }, api),
    ).toEqual([
      'shop.example.com does not match hostname httpbin.example.com of listener https: the route would be rejected (NoMatchingListenerHostname).',
    ]);
  });

  it('rejects bad syntax without asking the backend', async () => {
    const local = mockTrafficApi();
    expect(
      await validate('Shop.example.com', { gateway: httpListener }, local),
    ).toEqual(['Use lower-case letters.']);
    expect(local.listGateways).not.toHaveBeenCalled();
  });

  it('says when the chosen listener is gone', async () => {
    expect(
      await validate(
        'a.example.com',
        { gateway: { ...httpListener, sectionName: 'grpc' } },
        api,
      ),
    ).toEqual([
      'Listener grpc of Gateway default/httpbin-gateway no longer exists on aks-prod-westeurope.',
    ]);
  });

  it('reads the gateway from ui:options.gatewayField', async () => {
    const addError = jest.fn();
    const apiHolder: ApiHolder = { get: () => api as any };
    await validateTrafficHostname(
      'shop.example.com',
      { addError } as any,
      {
        apiHolder,
        formData: { route: { parent: httpsListener } },
        schema: {},
        uiSchema: { 'ui:options': { gatewayField: 'route.parent' } },
      } as any,
    );
    expect(addError).toHaveBeenCalledWith(
      expect.stringMatching(/does not match hostname httpbin.example.com/),
    );
  });

  it('does not block the form when the lookup fails or no gateway is chosen', async () => {
    const failing = mockTrafficApi({
      listGateways: jest.fn(async () => {
        throw new Error('down');
      }),
    });
    expect(
      await validate('shop.example.com', { gateway: httpListener }, failing),
    ).toEqual([]);
    expect(await validate('shop.example.com', {}, failing)).toEqual([]);
  });
});

describe('TrafficHostnameField', () => {
  it('shows the listener hostname as a hint and reports typed values', async () => {
    const api = mockTrafficApi({
      listGateways: jest.fn(async () => gatewayOptions),
    });
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api]]}>
        <TrafficHostnameField
          {...({
            formData: '',
            onChange,
            schema: { title: 'Hostname' },
            uiSchema: {},
            rawErrors: [],
            required: true,
            idSchema: { $id: 'root_hostname' },
            formContext: { formData: { gateway: httpListener } },
          } as any)}
        />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(
        screen.getByText('Must match *.example.com (listener http).'),
      ).toBeInTheDocument(),
    );
    expect(screen.getByPlaceholderText('app.example.com')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Hostname/), 'x');
    expect(onChange).toHaveBeenLastCalledWith('x');
  });
});
