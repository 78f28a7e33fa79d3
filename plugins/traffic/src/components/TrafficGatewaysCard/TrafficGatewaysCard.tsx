import { EmptyState, type InfoCardVariants } from '@backstage/core-components';
import { useEntityTraffic } from '../../hooks';
import { TrafficCardFrame } from '../shared/TrafficCardFrame';
import { formatObjectName } from '../shared/objectRefs';
import { GatewayDetails } from './GatewayDetails';

/** Gateways that serve the entity's routes, with listeners and the health of their generated resources. */
export function TrafficGatewaysCard(props: { variant?: InfoCardVariants }) {
  const traffic = useEntityTraffic();
  return (
    <TrafficCardFrame
      title="Gateways"
      variant={props.variant}
      traffic={traffic}
    >
      {() => {
        const gateways = traffic.answered.flatMap(cluster =>
          cluster.gateways.map(gateway => ({
            cluster: cluster.cluster,
            gateway,
          })),
        );
        if (traffic.answered.length === 0) {
          return null;
        }
        if (gateways.length === 0) {
          return (
            <EmptyState
              missing="data"
              title="No gateways serve this entity"
              description="A Gateway appears here once one of this entity's routes attaches to it through a parentRef."
            />
          );
        }
        return gateways.map(({ cluster, gateway }) => (
          <GatewayDetails
            key={`${cluster}/${formatObjectName(gateway.ref)}`}
            gateway={gateway}
            cluster={traffic.showClusterColumn ? cluster : undefined}
          />
        ));
      }}
    </TrafficCardFrame>
  );
}
