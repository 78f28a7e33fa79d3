import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp,
  TestApiProvider,
  type TestAppOptions,
} from '@backstage/test-utils';
import { trafficApiRef, type TrafficApi } from '../api';
import { httpbinEntity } from '../__fixtures__';

/** A TrafficApi whose methods reject unless a test gives them an answer. */
export function mockTrafficApi(
  overrides: Partial<TrafficApi> = {},
): jest.Mocked<TrafficApi> {
  const notMocked = (method: string) =>
    jest.fn(async () => {
      throw new Error(`TrafficApi.${method} not mocked`);
    });
  return {
    getEntityTraffic: notMocked('getEntityTraffic'),
    listClusters: notMocked('listClusters'),
    listGateways: notMocked('listGateways'),
    submitChange: notMocked('submitChange'),
    listChanges: notMocked('listChanges'),
    getChange: notMocked('getChange'),
    approveChange: notMocked('approveChange'),
    rejectChange: notMocked('rejectChange'),
    withdrawChange: notMocked('withdrawChange'),
    ...overrides,
  } as jest.Mocked<TrafficApi>;
}

/** Renders a card the way an entity page does: in a test app, with the entity in context. */
export function renderWithEntity(
  element: ReactElement,
  options: { api: TrafficApi; entity?: Entity } & TestAppOptions,
) {
  const { api, entity = httpbinEntity, ...appOptions } = options;
  return renderInTestApp(
    <TestApiProvider apis={[[trafficApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    appOptions,
  );
}
