import type { ReactNode } from 'react';
import Button from '@material-ui/core/Button';
import Box from '@material-ui/core/Box';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { InfoCardVariants } from '@backstage/core-components';
import { useEntityTraffic } from '../../hooks';
import { ClusterErrors } from './ClusterErrors';

export type EntityTrafficState = ReturnType<typeof useEntityTraffic>;

export interface TrafficCardFrameProps {
  title: string;
  subheader?: string;
  variant?: InfoCardVariants;
  action?: ReactNode;
  traffic: EntityTrafficState;
  /** Rendered once the answer is in; per-cluster errors are already shown above it. */
  children: (traffic: EntityTrafficState) => ReactNode;
}

/**
 * The loading, request-error and per-cluster-error states every traffic card shares, so
 * each card only renders its own data.
 */
export function TrafficCardFrame(props: TrafficCardFrameProps) {
  const { title, subheader, variant, action, traffic, children } = props;
  let content: ReactNode;
  if (traffic.loading && !traffic.value) {
    content = <Progress />;
  } else if (traffic.error) {
    content = (
      <>
        <ResponseErrorPanel
          title={`Could not load ${title.toLocaleLowerCase('en-US')}`}
          error={traffic.error}
        />
        <Box mt={1}>
          <Button variant="outlined" size="small" onClick={traffic.retry}>
            Retry
          </Button>
        </Box>
      </>
    );
  } else {
    content = (
      <>
        <ClusterErrors failed={traffic.failed} />
        {children(traffic)}
      </>
    );
  }
  return (
    <InfoCard
      title={title}
      subheader={subheader}
      variant={variant}
      action={action}
      noPadding={false}
    >
      {content}
    </InfoCard>
  );
}
