import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { trafficApiRef, type TrafficApi } from '../../api';
import {
  appliedChange,
  pendingEgressChange,
  pendingGatewayChange,
} from '../../__fixtures__';
import { mockTrafficApi } from '../../__testUtils__';
import { TrafficApprovalsPage } from './TrafficApprovalsPage';

type Authorize = NonNullable<
  Parameters<typeof mockApis.permission>[0]
>['authorize'];
const ALLOW = 'ALLOW' as Authorize;
const DENY = 'DENY' as Authorize;

function renderPage(api: TrafficApi, authorize: Authorize = ALLOW) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [trafficApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      <TrafficApprovalsPage />
    </TestApiProvider>,
  );
}

// Dialog flows render a whole page and type into MUI fields: slow under a parallel full run.
jest.setTimeout(20_000);

describe('TrafficApprovalsPage', () => {
  it('lists pending changes and shows the diff and dry run of the selected one', async () => {
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [
        pendingGatewayChange,
        pendingEgressChange,
      ]),
    });
    await renderPage(api);
    expect(
      await screen.findByText('New Gateway with a public load balancer'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Egress to a new external host; Requester: New egress host api.github.com',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Pending (2)')).toBeInTheDocument();
    expect(screen.getByText('jane.doe')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Gateway default/httpbin-gateway, HTTPRoute default/httpbin',
      ),
    ).toBeInTheDocument();
    expect(api.listChanges).toHaveBeenCalledWith({ state: 'pending-approval' });

    await userEvent.click(
      screen.getByRole('button', { name: 'Review change chg-7f3a' }),
    );
    expect(await screen.findByText('Change chg-7f3a')).toBeInTheDocument();
    // The plan's diffs (changed objects only) and the objects the server dry-run returned.
    expect(
      screen.getByText(/@@ create Gateway default\/httpbin-gateway @@/),
    ).toBeInTheDocument();
    expect(screen.getByText(/\+ gatewayClassName: istio/)).toBeInTheDocument();
    expect(screen.queryByText(/@@ unchanged/)).not.toBeInTheDocument();
    expect(screen.getByText(/"kind": "HTTPRoute"/)).toBeInTheDocument();
  });

  it('opens the change a link names (?change=<id>)', async () => {
    const getChange = jest.fn(async () => pendingGatewayChange);
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [pendingGatewayChange]),
      getChange,
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [trafficApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: ALLOW })],
        ]}
      >
        <TrafficApprovalsPage />
      </TestApiProvider>,
      { routeEntries: ['/?change=chg-7f3a'] },
    );
    expect(await screen.findByText('Change chg-7f3a')).toBeInTheDocument();
    expect(getChange).toHaveBeenCalledWith({ id: 'chg-7f3a' });
  });

  it('approves with a comment and refreshes the queue', async () => {
    const listChanges = jest
      .fn()
      .mockResolvedValueOnce([pendingGatewayChange])
      .mockResolvedValue([]);
    const approveChange = jest.fn(async () => ({
      ...pendingGatewayChange,
      state: 'applied' as const,
    }));
    const api = mockTrafficApi({ listChanges, approveChange });
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));

    const dialog = await screen.findByRole('dialog');
    await userEvent
      .setup({ delay: null })
      .type(
        within(dialog).getByLabelText('Comment'),
        'Public LB agreed with networking',
      );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    await waitFor(() =>
      expect(approveChange).toHaveBeenCalledWith({
        id: 'chg-7f3a',
        comment: 'Public LB agreed with networking',
      }),
    );
    expect(
      await screen.findByText('No changes are waiting for approval.'),
    ).toBeInTheDocument();
  });

  it('requires a comment to reject', async () => {
    const rejectChange = jest.fn(async () => ({
      ...pendingGatewayChange,
      state: 'rejected' as const,
    }));
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [pendingGatewayChange]),
      rejectChange,
    });
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Reject' });
    expect(confirm).toBeDisabled();
    await userEvent
      .setup({ delay: null })
      .type(
        within(dialog).getByLabelText(/Comment/),
        'Use the shared ingress instead',
      );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(rejectChange).toHaveBeenCalledWith({
        id: 'chg-7f3a',
        comment: 'Use the shared ingress instead',
      }),
    );
  });

  it('disables the decision without the approve permission', async () => {
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [pendingGatewayChange]),
    });
    await renderPage(api, DENY);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(
      screen.getByText(/needs the traffic.change.approve permission/),
    ).toBeInTheDocument();
  });

  it('shows decided changes in the history tab', async () => {
    const listChanges = jest.fn(async (query?: { state?: unknown }) =>
      query?.state === 'pending-approval' ? [] : [appliedChange],
    );
    const api = mockTrafficApi({ listChanges });
    await renderPage(api);
    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(
      await screen.findByText(
        'Cross-namespace reference; Requester: Cross-namespace ReferenceGrant',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Applied by platform.lead')).toBeInTheDocument();
  });

  it('shows an error panel when the approvals endpoint fails', async () => {
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => {
        throw new Error('Request failed with 404 Not Found');
      }),
    });
    await renderPage(api);
    expect(
      await screen.findByText(
        /Could not load changes from the traffic backend/,
      ),
    ).toBeInTheDocument();
  });
});
