import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { Link } from '@backstage/core-components';
import { trafficApiRef } from '../../api';
import { changeReason, formatObjects } from '../shared/changeText';
import { approvalsRouteRef } from '../../routes';

/** A backend without the approvals endpoints answers 404: that simply means "nothing pending". */
function isNotFound(error: unknown): boolean {
  const candidate = error as {
    statusCode?: number;
    name?: string;
    response?: { status?: number };
  };
  return (
    candidate?.statusCode === 404 ||
    candidate?.response?.status === 404 ||
    candidate?.name === 'NotFoundError'
  );
}

function useApprovalsLink(): string | undefined {
  try {
    return useRouteRef(approvalsRouteRef)();
  } catch {
    // The app did not mount TrafficApprovalsPage; the notice still shows, without a link.
    return undefined;
  }
}

/** Tells the team that changes to this entity wait for platform-team approval. */
export function PendingChangesNotice(props: { entity: Entity }) {
  const trafficApi = useApi(trafficApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const approvalsLink = useApprovalsLink();
  const { value: pending, error } = useAsync(
    () => trafficApi.listChanges({ entityRef, state: 'pending-approval' }),
    [trafficApi, entityRef],
  );

  if (error) {
    if (isNotFound(error)) return null;
    return (
      <Alert severity="warning">
        Could not check for changes waiting for approval: {error.message}
      </Alert>
    );
  }
  if (!pending || pending.length === 0) {
    return null;
  }
  const count = pending.length;
  return (
    <Alert severity="info">
      {count === 1 ? '1 change' : `${count} changes`} to this entity's traffic{' '}
      {count === 1 ? 'is' : 'are'} waiting for platform-team approval:{' '}
      {pending
        .map(
          change =>
            `${changeReason(change) ?? formatObjects(change.objectRefs)} (${
              change.cluster
            })`,
        )
        .join('; ')}
      .
      {approvalsLink ? (
        <>
          {' '}
          <Link to={approvalsLink}>Open approvals</Link>
        </>
      ) : null}
    </Alert>
  );
}
