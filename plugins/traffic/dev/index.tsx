import Grid from '@material-ui/core/Grid';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import { Content, Header, Page } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityTrafficCertificatesCard,
  EntityTrafficContent,
  EntityTrafficEgressCard,
  EntityTrafficRoutesCard,
  TrafficApprovalsPage,
  trafficApiRef,
  trafficPlugin,
} from '../src';
import { httpbinEntity } from '../src/__fixtures__';
import { createMockTrafficApi } from './mockTrafficApi';

const withName = (name: string): Entity => ({
  ...httpbinEntity,
  metadata: { ...httpbinEntity.metadata, name },
});

function OverviewCards(props: { entity: Entity; title: string }) {
  return (
    <Page themeId="service">
      <Header
        title={props.title}
        subtitle={`Entity ${props.entity.metadata.name}`}
      />
      <Content>
        <EntityProvider entity={props.entity}>
          <Grid container spacing={3} alignItems="stretch">
            <Grid item xs={12}>
              <EntityTrafficRoutesCard />
            </Grid>
            <Grid item md={6} xs={12}>
              <EntityTrafficCertificatesCard />
            </Grid>
            <Grid item md={6} xs={12}>
              <EntityTrafficEgressCard />
            </Grid>
          </Grid>
        </EntityProvider>
      </Content>
    </Page>
  );
}

createDevApp()
  .registerPlugin(trafficPlugin)
  .registerApi({
    api: trafficApiRef,
    deps: {},
    factory: () => createMockTrafficApi(),
  })
  .registerApi({
    api: permissionApiRef,
    deps: {},
    factory: () => mockApis.permission(),
  })
  .addPage({
    path: '/traffic-cards',
    title: 'Cards: 3 clusters',
    element: (
      <OverviewCards
        entity={httpbinEntity}
        title="Traffic cards (one cluster down)"
      />
    ),
  })
  .addPage({
    path: '/traffic-tab',
    title: 'Traffic tab',
    element: (
      <Page themeId="service">
        <Header title="Traffic tab" />
        <Content>
          <EntityProvider entity={httpbinEntity}>
            <EntityTrafficContent />
          </EntityProvider>
        </Content>
      </Page>
    ),
  })
  .addPage({
    path: '/traffic-empty',
    title: 'Cards: empty',
    element: (
      <OverviewCards
        entity={withName('empty-service')}
        title="Nothing configured yet"
      />
    ),
  })
  .addPage({
    path: '/traffic-error',
    title: 'Cards: error',
    element: (
      <OverviewCards
        entity={withName('broken-service')}
        title="Backend failing"
      />
    ),
  })
  .addPage({
    path: '/traffic-busy',
    title: 'Cards: 1,000 routes',
    element: (
      <OverviewCards entity={withName('busy-service')} title="1,000 routes" />
    ),
  })
  .addPage({
    path: '/traffic-approvals',
    title: 'Approvals',
    element: <TrafficApprovalsPage />,
  })
  .render();
