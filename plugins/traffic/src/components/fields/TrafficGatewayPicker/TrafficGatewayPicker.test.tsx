import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { trafficApiRef } from '../../../api';
import { gatewayOptions } from '../../../__fixtures__';
import { mockTrafficApi } from '../../../__testUtils__';
import { gatewayListenerOptions } from './gatewayListenerOptions';
import {
  TrafficGatewayPicker,
  validateGatewayListener,
} from './TrafficGatewayPicker';

function fieldProps(overrides: Record<string, unknown>) {
  return {
    formData: undefined,
    onChange: jest.fn(),
    schema: { title: 'Gateway listener' },
    uiSchema: {},
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_gateway' },
    formContext: { formData: {} },
    ...overrides,
  } as any;
}

describe('gatewayListenerOptions', () => {
  it('blocks listeners that admit routes only from their own namespace', () => {
    const options = gatewayListenerOptions(gatewayOptions, 'shop');
    expect(options.map(o => [o.key, o.blockedReason])).toEqual([
      [
        'aks-prod-westeurope/default/httpbin-gateway/http',
        'admits routes only from namespace default',
      ],
      [
        'aks-prod-westeurope/default/httpbin-gateway/https',
        'admits routes only from namespace default',
      ],
      [
        'aks-prod-westeurope/aks-istio-ingress/aks-istio-ingressgateway-external/http',
        undefined,
      ],
    ]);
  });

  it('allows the same namespace', () => {
    expect(
      gatewayListenerOptions(gatewayOptions, 'default').every(
        o => !o.blockedReason,
      ),
    ).toBe(true);
  });
});

describe('validateGatewayListener', () => {
  it('rejects a value without a listener', () => {
    const addError = jest.fn();
    validateGatewayListener(
      { cluster: 'c', namespace: 'n', name: 'g' } as any,
      { addError } as any,
      {} as any,
    );
    expect(addError).toHaveBeenCalledWith('Choose a listener of a Gateway.');
  });
});

describe('TrafficGatewayPicker', () => {
  it('asks for a cluster first', async () => {
    const api = mockTrafficApi();
    await renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api]]}>
        <TrafficGatewayPicker {...fieldProps({})} />
      </TestApiProvider>,
    );
    expect(screen.getByText('Choose a cluster first.')).toBeInTheDocument();
    expect(api.listGateways).not.toHaveBeenCalled();
  });

  it('lists the listeners of the chosen cluster and returns the picked one', async () => {
    const api = mockTrafficApi({
      listGateways: jest.fn(async () => gatewayOptions),
    });
    const props = fieldProps({
      formContext: {
        formData: { cluster: 'aks-prod-westeurope', namespace: 'shop' },
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api]]}>
        <TrafficGatewayPicker {...props} />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(api.listGateways).toHaveBeenCalledWith({
        cluster: 'aks-prod-westeurope',
        namespace: 'shop',
      }),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Gateway listener/ }),
      ).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await userEvent.click(
      screen.getByRole('button', { name: /Gateway listener/ }),
    );
    const listbox = await screen.findByRole('listbox');
    const blocked = within(listbox)
      .getByText(/httpbin-gateway › http \(HTTP\/80/)
      .closest('li')!;
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    expect(
      within(blocked).getByText(
        /Not available: admits routes only from namespace default/,
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      within(listbox).getByText(/aks-istio-ingressgateway-external › http/),
    );
    expect(props.onChange).toHaveBeenCalledWith({
      cluster: 'aks-prod-westeurope',
      namespace: 'aks-istio-ingress',
      name: 'aks-istio-ingressgateway-external',
      sectionName: 'http',
    });
  });

  it('reads the cluster from ui:options.clusterField', async () => {
    const api = mockTrafficApi({ listGateways: jest.fn(async () => []) });
    await renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api]]}>
        <TrafficGatewayPicker
          {...fieldProps({
            uiSchema: { 'ui:options': { clusterField: 'target.cluster' } },
            formContext: { formData: { target: { cluster: 'aks-dev' } } },
          })}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'No gateways on aks-dev. Create one with the Gateway template.',
      ),
    ).toBeInTheDocument();
  });
});
