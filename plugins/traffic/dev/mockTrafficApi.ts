import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ChangeRecord, TrafficApi } from '../src';
import {
  appliedChange,
  clusterTraffic,
  clusters,
  entityTraffic,
  expiredCertificate,
  expiringCertificate,
  gatewayOptions,
  healthyCertificate,
  httpbinCanaryRoute,
  httpbinGateway,
  httpbinRoute,
  managedIngressGateway,
  manyRoutes,
  notSyncedCertificate,
  pendingEgressChange,
  pendingGatewayChange,
  registryOnlyEgress,
  allowAnyEgress,
  unreachableCluster,
  unreconciledRoute,
} from '../src/__fixtures__';

const delay = (ms = 400) => new Promise(resolve => setTimeout(resolve, ms));

/** The dev app's signed-in user (guest sign-in). */
const GUEST = 'user:default/guest';

/**
 * An in-memory traffic backend over the fixtures; entity names pick the scenario. Changes
 * submitted in the dev app are the guest's own, so the approvals page offers to withdraw them.
 */
export function createMockTrafficApi(): TrafficApi {
  let changes: ChangeRecord[] = [
    pendingGatewayChange,
    pendingEgressChange,
    // The guest's own request: the approvals page offers to withdraw it.
    {
      ...pendingEgressChange,
      id: 'chg-9d20',
      requestedBy: GUEST,
      reason: 'Call the status API of our payment provider',
      createdAt: '2025-11-21T10:05:00Z',
      updatedAt: '2025-11-21T10:05:00Z',
    },
    appliedChange,
  ];

  const decide = async (
    id: string,
    state: 'applied' | 'rejected',
    comment?: string,
  ) => {
    await delay();
    const change = changes.find(candidate => candidate.id === id);
    if (!change) throw new NotFoundError(`No change ${id}`);
    const now = new Date().toISOString();
    const decided: ChangeRecord = {
      ...change,
      state,
      decidedBy: GUEST,
      decidedAt: now,
      updatedAt: now,
      decisionComment: comment,
      message:
        state === 'applied'
          ? `Approved by ${GUEST} and applied.`
          : `Rejected by ${GUEST}: ${comment}`,
      ...(state === 'applied' ? { appliedAt: now } : {}),
    };
    changes = changes.map(candidate =>
      candidate.id === id ? decided : candidate,
    );
    return decided;
  };

  return {
    async getEntityTraffic({ name }) {
      await delay();
      switch (name) {
        case 'broken-service':
          throw new ServiceUnavailableError(
            'The traffic backend could not reach the catalog',
          );
        case 'empty-service':
          return entityTraffic([
            clusterTraffic('aks-prod-westeurope', { egress: allowAnyEgress }),
          ]);
        case 'busy-service':
          return entityTraffic([
            clusterTraffic('aks-prod-westeurope', { routes: manyRoutes(1000) }),
          ]);
        default:
          return entityTraffic([
            clusterTraffic('aks-prod-westeurope', {
              gateways: [httpbinGateway, managedIngressGateway],
              routes: [httpbinRoute, httpbinCanaryRoute, unreconciledRoute],
              certificates: [
                healthyCertificate,
                expiringCertificate,
                expiredCertificate,
                notSyncedCertificate,
              ],
              egress: registryOnlyEgress,
            }),
            clusterTraffic('aks-prod-swedencentral', {
              gateways: [httpbinGateway],
              routes: [httpbinRoute],
              certificates: [healthyCertificate],
              egress: allowAnyEgress,
            }),
            unreachableCluster('aks-prod-northeurope'),
          ]);
      }
    },
    async listClusters() {
      await delay();
      return clusters;
    },
    async listGateways({ cluster }) {
      await delay();
      return gatewayOptions.filter(
        gateway => !cluster || gateway.cluster === cluster,
      );
    },
    async submitChange(request) {
      await delay();
      const now = new Date().toISOString();
      const change: ChangeRecord = {
        id: `chg-${Math.random().toString(16).slice(2, 6)}`,
        state: request.dryRun ? 'dry-run' : 'pending-approval',
        cluster: request.cluster,
        journey: request.journey ?? 'objects',
        entityRef: request.entityRef,
        requestedBy: GUEST,
        reason: request.reason,
        input: request.input,
        createdAt: now,
        updatedAt: now,
        objects: [],
        objectRefs: [],
        plan: [],
        dryRunResult: [],
        warnings: [],
        policyReasons: request.dryRun
          ? []
          : ['Every change in the dev harness'],
        message: request.dryRun
          ? 'Dry run passed.'
          : 'Waiting for platform-team approval.',
      };
      changes = [change, ...changes];
      return change;
    },
    async listChanges(query = {}) {
      await delay();
      const states = query.state
        ? ([] as string[]).concat(query.state)
        : undefined;
      return changes.filter(
        change =>
          (!states || states.includes(change.state)) &&
          (!query.entityRef || change.entityRef === query.entityRef),
      );
    },
    async getChange({ id }) {
      const change = changes.find(candidate => candidate.id === id);
      if (!change) throw new NotFoundError(`No change ${id}`);
      return change;
    },
    approveChange: ({ id, comment }) => decide(id, 'applied', comment),
    rejectChange: ({ id, comment }) => decide(id, 'rejected', comment),
    async withdrawChange({ id, comment }) {
      await delay();
      const change = changes.find(candidate => candidate.id === id);
      if (!change) throw new NotFoundError(`No change ${id}`);
      if (change.requestedBy !== GUEST) {
        throw new NotAllowedError(
          `${GUEST} may not withdraw change ${id}: only its requester (${change.requestedBy}) may withdraw it`,
        );
      }
      if (change.state !== 'pending-approval') {
        throw new ConflictError(
          `Cannot withdraw change ${id}: it is ${change.state}. Only pending-approval changes can be withdrawn.`,
        );
      }
      const now = new Date().toISOString();
      const withdrawn: ChangeRecord = {
        ...change,
        state: 'withdrawn',
        decidedBy: GUEST,
        decidedAt: now,
        updatedAt: now,
        decisionComment: comment,
        message: `Withdrawn by ${GUEST}${comment ? `: ${comment}` : ''}`,
      };
      changes = changes.map(candidate =>
        candidate.id === id ? withdrawn : candidate,
      );
      return withdrawn;
    },
  };
}
