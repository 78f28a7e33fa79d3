import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Content, Header, Page } from '@backstage/core-components';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import useAsync from 'react-use/esm/useAsync';
import { trafficChangeApprovePermission } from '@aks-traffic/backstage-plugin-traffic-common';
import { trafficApiRef, type ChangeListItem } from '../../api';
import { ChangeDetails } from './ChangeDetails';
import { ChangesTable } from './ChangesTable';
import { DecisionDialog, type Decision } from './DecisionDialog';

const DECIDED_STATES = [
  'applied',
  'rejected',
  'withdrawn',
  'failed',
  'unchanged',
] as const;

const DONE: Record<Decision, (state: string) => string> = {
  approve: state => `approved (${state})`,
  reject: () => 'rejected',
  withdraw: () => 'withdrawn',
};

/**
 * The platform team's queue of traffic changes that policy holds for approval, and their history.
 * Requesters find their own pending changes here too, and may withdraw them.
 */
export function TrafficApprovalsPage() {
  const trafficApi = useApi(trafficApiRef);
  const alertApi = useApi(alertApiRef);
  const permissionApi = useApi(permissionApiRef);
  const identityApi = useApi(identityApiRef);
  // Who is signed in: the requester of a pending change may withdraw it.
  const { value: currentUser } = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  // Asked once per page visit (not usePermission's shared cache): the answer gates two buttons only.
  const { value: canDecide = false } = useAsync(
    async () =>
      // AuthorizeResult.ALLOW, compared by value to avoid depending on permission-common here.
      String(
        (
          await permissionApi.authorize({
            permission: trafficChangeApprovePermission,
          })
        ).result,
      ) === 'ALLOW',
    [permissionApi],
  );
  const [tab, setTab] = useState<'pending' | 'history'>('pending');
  const [selected, setSelected] = useState<ChangeListItem>();
  const [decision, setDecision] = useState<Decision>();
  const [busy, setBusy] = useState(false);

  // Links from notifications and scaffolder output open one change: `?change=<id>`.
  const [searchParams] = useSearchParams();
  const linkedId = searchParams.get('change');
  const linked = useAsync(
    async () => (linkedId ? trafficApi.getChange({ id: linkedId }) : undefined),
    [trafficApi, linkedId],
  );
  useEffect(() => {
    if (linked.value) {
      setSelected(linked.value);
      if (linked.value.state !== 'pending-approval') setTab('history');
    }
  }, [linked.value]);

  const pending = useAsyncRetry(
    () => trafficApi.listChanges({ state: 'pending-approval' }),
    [trafficApi],
  );
  const history = useAsyncRetry(
    async () =>
      tab === 'history'
        ? trafficApi.listChanges({ state: [...DECIDED_STATES] })
        : undefined,
    [trafficApi, tab],
  );

  const decide = async (comment: string) => {
    if (!selected || !decision) return;
    setBusy(true);
    try {
      const options = { id: selected.id, comment: comment || undefined };
      const send = {
        approve: trafficApi.approveChange,
        reject: trafficApi.rejectChange,
        withdraw: trafficApi.withdrawChange,
      }[decision].bind(trafficApi);
      const result = await send(options);
      alertApi.post({
        message: `Change ${result.id}: ${DONE[decision](result.state)}`,
        severity: 'success',
        display: 'transient',
      });
      setSelected(result);
      setDecision(undefined);
      pending.retry();
      if (tab === 'history') history.retry();
    } catch (error) {
      alertApi.post({
        message: `Could not ${decision} change ${selected.id}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page themeId="tool">
      <Header
        title="Traffic approvals"
        subtitle="Changes to gateways, routes and egress that need a platform-team decision"
      />
      <Content>
        <Tabs
          value={tab}
          onChange={(_event, value) => {
            setTab(value);
            setSelected(undefined);
          }}
          indicatorColor="primary"
        >
          <Tab
            value="pending"
            label={`Pending${
              pending.value ? ` (${pending.value.length})` : ''
            }`}
          />
          <Tab value="history" label="History" />
        </Tabs>
        <Box mt={2}>
          <Grid container spacing={3}>
            <Grid item xs={12} lg={selected ? 7 : 12}>
              {tab === 'pending' ? (
                <ChangesTable
                  title="Waiting for approval"
                  changes={pending.value}
                  loading={pending.loading}
                  error={pending.error}
                  emptyText="No changes are waiting for approval."
                  onSelect={setSelected}
                />
              ) : (
                <ChangesTable
                  title="Decided changes"
                  history
                  changes={history.value}
                  loading={history.loading}
                  error={history.error}
                  emptyText="No decided changes yet."
                  onSelect={setSelected}
                />
              )}
            </Grid>
            {selected ? (
              <Grid item xs={12} lg={5}>
                <ChangeDetails
                  change={selected}
                  canDecide={canDecide}
                  canWithdraw={
                    !!currentUser && selected.requestedBy === currentUser
                  }
                  onDecide={setDecision}
                />
              </Grid>
            ) : null}
          </Grid>
        </Box>
        {selected && decision ? (
          <DecisionDialog
            change={selected}
            decision={decision}
            busy={busy}
            onCancel={() => setDecision(undefined)}
            onConfirm={decide}
          />
        ) : null}
      </Content>
    </Page>
  );
}
