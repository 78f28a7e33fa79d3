import { KubeObject } from '../../kube';
import { EgressGatewayView } from '../../model';
import { asNumber, asRecord, asString, field } from '../safe';
import { parseEgressIpPrefix } from './prefix';

const SGC_ANNOTATION = 'kubernetes.azure.com/static-gateway-configuration';
const REVISION_SUFFIX = /-(asm-\d+-\d+)$/;

/**
 * Istio add-on egress gateways: Deployments `<name>-<revision>` whose pod template carries the
 * static-gateway-configuration annotation, joined with their StaticGatewayConfiguration's egress prefix.
 */
export function interpretEgressGateways(options: {
  deployments: KubeObject[];
  staticGatewayConfigurations: KubeObject[];
}): EgressGatewayView[] {
  const views: EgressGatewayView[] = [];
  for (const deployment of options.deployments) {
    const sgcName = asString(
      asRecord(
        field(deployment, 'spec', 'template', 'metadata', 'annotations'),
      )[SGC_ANNOTATION],
    );
    if (!sgcName) {
      continue;
    }
    const deploymentName =
      asString(field(deployment, 'metadata', 'name')) ?? '?';
    const namespace =
      asString(field(deployment, 'metadata', 'namespace')) ?? '';
    const revision =
      asString(
        asRecord(field(deployment, 'metadata', 'labels'))['istio.io/rev'],
      ) ?? deploymentName.match(REVISION_SUFFIX)?.[1];
    const name =
      revision && deploymentName.endsWith(`-${revision}`)
        ? deploymentName.slice(0, -(revision.length + 1))
        : deploymentName;
    // The SGC must be in the egress gateway's namespace.
    const sgc = options.staticGatewayConfigurations.find(
      s =>
        asString(field(s, 'metadata', 'name')) === sgcName &&
        asString(field(s, 'metadata', 'namespace')) === namespace,
    );
    const prefix = parseEgressIpPrefix(field(sgc, 'status', 'egressIpPrefix'));
    const readyReplicas =
      asNumber(field(deployment, 'status', 'readyReplicas')) ?? 0;
    let message: string | undefined;
    if (!sgc) {
      message = `StaticGatewayConfiguration ${namespace}/${sgcName} not found; egress traffic has no static IPs.`;
    } else if (prefix.kind === 'pending') {
      message = `Waiting for Azure to assign an egress IP prefix to StaticGatewayConfiguration ${sgcName}.`;
    } else if (prefix.invalid?.length) {
      message = `The egress IP prefix contains invalid entries: ${prefix.invalid.join(
        ', ',
      )}.`;
    } else if (readyReplicas === 0) {
      message = `No pod of Deployment ${deploymentName} is ready.`;
    }
    views.push({
      name,
      namespace,
      ...(revision ? { revision } : {}),
      staticGatewayConfiguration: sgcName,
      prefix,
      ready: message === undefined,
      ...(message ? { message } : {}),
    });
  }
  return views;
}
