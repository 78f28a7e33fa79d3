import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import AddIcon from '@material-ui/icons/Add';
import { LinkButton } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useCreateRouteLink } from '../../hooks';
import { TrafficCertificatesCard } from '../TrafficCertificatesCard';
import { TrafficEgressCard } from '../TrafficEgressCard';
import { TrafficGatewaysCard } from '../TrafficGatewaysCard';
import { TrafficRoutesCard } from '../TrafficRoutesCard';
import { PendingChangesNotice } from './PendingChangesNotice';

/** The entity's Traffic tab: pending approvals, routes, certificates, egress and gateway details. */
export function TrafficContent() {
  const { entity } = useEntity();
  const createRouteLink = useCreateRouteLink(entity);
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          style={{ gap: 16 }}
        >
          <Box flexGrow={1}>
            <PendingChangesNotice entity={entity} />
          </Box>
          {createRouteLink ? (
            <LinkButton
              to={createRouteLink}
              variant="contained"
              color="primary"
              startIcon={<AddIcon />}
            >
              Create route
            </LinkButton>
          ) : null}
        </Box>
      </Grid>
      <Grid item xs={12}>
        <TrafficRoutesCard />
      </Grid>
      <Grid item md={6} xs={12}>
        <TrafficCertificatesCard variant="gridItem" />
      </Grid>
      <Grid item md={6} xs={12}>
        <TrafficEgressCard variant="gridItem" />
      </Grid>
      <Grid item xs={12}>
        <TrafficGatewaysCard />
      </Grid>
    </Grid>
  );
}
