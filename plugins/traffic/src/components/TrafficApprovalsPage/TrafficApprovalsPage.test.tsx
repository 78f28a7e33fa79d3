import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { alertApiRef, identityApiRef } from '@backstage/core-plugin-api';
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
  withdrawnChange,
} from '../../__fixtures__';
import { mockTrafficApi } from '../../__testUtils__';
import { TrafficApprovalsPage } from './TrafficApprovalsPage';

type Authorize = NonNullable<
  Parameters<typeof mockApis.permission>[0]
>['authorize'];
const ALLOW = 'ALLOW' as Authorize;
const DENY = 'DENY' as Authorize;

/** Signed in as an approver unless a test says otherwise; jane.doe requested chg-7f3a. */
function renderPage(
  api: TrafficApi,
  authorize: Authorize = ALLOW,
  userEntityRef = 'user:default/platform.lead',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [trafficApiRef, api],
        [permissionApiRef, mockApis.permission({ authorize })],
        [identityApiRef, mockApis.identity({ userEntityRef })],
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
          [identityApiRef, mockApis.identity()],
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

  it('shows decided and withdrawn changes in the history tab', async () => {
    const listChanges = jest.fn(async (query?: { state?: unknown }) =>
      query?.state === 'pending-approval'
        ? []
        : [appliedChange, withdrawnChange],
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
    expect(screen.getByText('Withdrawn by jane.doe')).toBeInTheDocument();
    expect(listChanges).toHaveBeenCalledWith({
      state: ['applied', 'rejected', 'withdrawn', 'failed', 'unchanged'],
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Review change chg-5e12' }),
    );
    expect(await screen.findByText('Change chg-5e12')).toBeInTheDocument();
    expect(screen.getByText('Withdrawn')).toBeInTheDocument();
    expect(screen.getByText('Withdrawn By')).toBeInTheDocument();
    expect(
      screen.getByText('Filed against the wrong cluster'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Withdraw' }),
    ).not.toBeInTheDocument();
  });

  it('lets the requester withdraw their own pending change, after confirming, and shows it withdrawn', async () => {
    const listChanges = jest
      .fn()
      .mockResolvedValueOnce([pendingGatewayChange, pendingEgressChange])
      .mockResolvedValue([pendingEgressChange]);
    const withdrawChange = jest.fn(async () => ({
      ...pendingGatewayChange,
      state: 'withdrawn' as const,
      decidedBy: 'user:default/jane.doe',
      decidedAt: '2025-11-21T09:30:00Z',
      decisionComment: 'Not needed any more',
      message: 'Withdrawn by user:default/jane.doe: Not needed any more',
    }));
    const api = mockTrafficApi({ listChanges, withdrawChange });
    // jane.doe has no approve permission: she can still withdraw what she asked for.
    await renderPage(api, DENY, 'user:default/jane.doe');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(
      screen.getByText(/You requested this change: you may withdraw it/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw' }));

    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Withdraw change chg-7f3a'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/is never applied to aks-prod-westeurope/),
    ).toBeInTheDocument();
    // Cancelling sends nothing.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(withdrawChange).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    const confirm = await screen.findByRole('dialog');
    await userEvent
      .setup({ delay: null })
      .type(within(confirm).getByLabelText('Comment'), 'Not needed any more');
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Withdraw' }),
    );
    await waitFor(() =>
      expect(withdrawChange).toHaveBeenCalledWith({
        id: 'chg-7f3a',
        comment: 'Not needed any more',
      }),
    );
    // The details show the outcome; the queue is reloaded without the change.
    expect(await screen.findByText('Withdrawn')).toBeInTheDocument();
    expect(screen.getByText('Withdrawn By')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Withdraw' }),
    ).not.toBeInTheDocument();
    expect(await screen.findByText('Pending (1)')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Review change chg-7f3a' }),
    ).not.toBeInTheDocument();
    expect(listChanges).toHaveBeenCalledTimes(2);
  });

  it("offers no withdraw for someone else's pending change", async () => {
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [
        pendingGatewayChange,
        pendingEgressChange,
      ]),
    });
    await renderPage(api, ALLOW, 'user:default/john.roe');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    expect(await screen.findByText('Change chg-7f3a')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Withdraw' }),
    ).not.toBeInTheDocument();
    // john.roe's own change offers it.
    await userEvent.click(
      screen.getByRole('button', { name: 'Review change chg-81bc' }),
    );
    expect(await screen.findByText('Change chg-81bc')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Withdraw' }),
    ).toBeInTheDocument();
  });

  it('reports a refused withdrawal and keeps the change', async () => {
    const withdrawChange = jest.fn(async () => {
      throw new Error(
        'Cannot withdraw change chg-7f3a: it was approved by user:default/pat and applied.',
      );
    });
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [pendingGatewayChange]),
      withdrawChange,
    });
    const alertApi = { post: jest.fn(), alert$: jest.fn() };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [trafficApiRef, api],
          [permissionApiRef, mockApis.permission({ authorize: DENY })],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/jane.doe' }),
          ],
          [alertApiRef, alertApi],
        ]}
      >
        <TrafficApprovalsPage />
      </TestApiProvider>,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Withdraw' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'Could not withdraw change chg-7f3a: Cannot withdraw change chg-7f3a: it was approved by user:default/pat and applied.',
        severity: 'error',
      }),
    );
    // The dialog stays open to retry or cancel; the details still show the change as pending.
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(screen.getAllByText('Waiting for approval').length).toBeGreaterThan(
      0,
    );
  });

  it('keeps long reasons readable next to the details: two lines at most, the full text on hover', async () => {
    const longReasons = {
      ...pendingGatewayChange,
      policyReasons: [
        'New Gateway default/httpbin-gateway [newGateway]',
        'Gateway default/httpbin-gateway gets a public load balancer (no internal annotation on its infrastructure) [publicLoadBalancer]',
      ],
      reason: 'Launch of the public httpbin API for partners',
    };
    const api = mockTrafficApi({
      listChanges: jest.fn(async () => [longReasons]),
    });
    await renderPage(api);
    const text =
      'New Gateway default/httpbin-gateway [newGateway]; Gateway default/httpbin-gateway gets a public load balancer (no internal annotation on its infrastructure) [publicLoadBalancer]; Requester: Launch of the public httpbin API for partners';
    await userEvent.click(
      await screen.findByRole('button', { name: 'Review change chg-7f3a' }),
    );
    // In the table (clamped) and in the details card (whole).
    const [cell] = screen.getAllByText(text);
    expect(cell).toHaveStyle({ WebkitLineClamp: '2', overflow: 'hidden' });
    expect(cell.closest('td')).toHaveStyle({ minWidth: '220px' });
    await userEvent.hover(cell);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(text);
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
