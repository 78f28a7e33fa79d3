import { createPermission } from '@backstage/plugin-permission-common';

/** Submitting a change (create or update traffic objects) on a cluster. */
export const trafficChangeCreatePermission = createPermission({
  name: 'traffic.change.create',
  attributes: { action: 'create' },
});

/** Approving or rejecting a change that policy holds for the platform team. */
export const trafficChangeApprovePermission = createPermission({
  name: 'traffic.change.approve',
  attributes: { action: 'update' },
});

/** Every permission the traffic plugins register. */
export const trafficPermissions = [
  trafficChangeCreatePermission,
  trafficChangeApprovePermission,
];
