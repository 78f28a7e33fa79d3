import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { trafficApiRef } from '../../../api';
import { clusters } from '../../../__fixtures__';
import { mockTrafficApi } from '../../../__testUtils__';
import { TrafficClusterPicker } from './TrafficClusterPicker';

describe('TrafficClusterPicker', () => {
  const render = async (
    formData?: string,
    api = mockTrafficApi({ listClusters: jest.fn(async () => clusters) }),
  ) => {
    const onChange = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[trafficApiRef, api]]}>
        <TrafficClusterPicker
          {...({
            formData,
            onChange,
            schema: { title: 'Cluster', description: 'Where the route goes' },
            uiSchema: {},
            rawErrors: [],
            required: true,
            idSchema: { $id: 'root_cluster' },
          } as any)}
        />
      </TestApiProvider>,
    );
    return onChange;
  };

  it('lists clusters with reachability; unreachable ones cannot be picked', async () => {
    const onChange = await render();
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /Cluster/ }),
      ).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await userEvent.click(screen.getByRole('button', { name: /Cluster/ }));
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox).getByText('Gateway API v1.2.1 · Istio asm-1-26'),
    ).toBeInTheDocument();
    const unreachable = within(listbox)
      .getByText('aks-prod-northeurope')
      .closest('li')!;
    expect(unreachable).toHaveAttribute('aria-disabled', 'true');
    expect(
      within(unreachable).getByText(
        'unreachable: connect ETIMEDOUT 10.1.0.4:443',
      ),
    ).toBeInTheDocument();

    await userEvent.click(within(listbox).getByText('aks-prod-westeurope'));
    expect(onChange).toHaveBeenCalledWith('aks-prod-westeurope');
  });

  it('describes the selected cluster', async () => {
    await render('aks-prod-westeurope');
    expect(
      await screen.findByText('Gateway API v1.2.1 · Istio asm-1-26'),
    ).toBeInTheDocument();
  });

  it('says when clusters cannot be listed', async () => {
    await render(
      undefined,
      mockTrafficApi({
        listClusters: jest.fn(async () => {
          throw new Error('backend down');
        }),
      }),
    );
    expect(
      await screen.findByText('Could not list clusters: backend down'),
    ).toBeInTheDocument();
  });
});
