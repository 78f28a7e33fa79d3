import { KubeObject } from '../kube';
import {
  GatewayAddressView,
  GatewayView,
  ListenerView,
  ObjectRef,
  StatusCheck,
} from '../model';
import { CertificateRefHint } from './catalogue';
import { conditionCheck } from './checks';
import {
  findCondition,
  generationOf,
  isCrdDefaultPending,
  readConditions,
} from './conditions';
import {
  gatewayDeploymentMode,
  isIstioClass,
  owningRevision,
} from './revision';
import { asArray, asNumber, asRecord, asString, field } from './safe';
import { primaryProblem, summarize } from './state';
import { GatewayWorkloadObjects, workloadHealth } from './workload';

export interface GatewayInterpretationInput {
  gateway: KubeObject;
  /** What the caller knows about the Secrets the listeners reference (existence, syncing SPC). */
  certificateHints?: CertificateRefHint[];
  /** Generated (or, for manual deployment, serving) Deployment/Service/HPA/PDB. */
  workload?: GatewayWorkloadObjects;
  /** GatewayClasses of the cluster, to tell "no controller owns this class" from "controller is slow". */
  gatewayClasses?: KubeObject[];
  namespaceLabels?: Record<string, string>;
  installedRevisions?: string[];
}

const ok = (message: string): StatusCheck => ({ state: 'ok', message });
const pending = (message: string): StatusCheck => ({
  state: 'pending',
  message,
});

function objectRef(object: KubeObject, kind: string): ObjectRef {
  return {
    kind,
    name: asString(field(object, 'metadata', 'name')) ?? '?',
    namespace: asString(field(object, 'metadata', 'namespace')),
  };
}

function readAddresses(gateway: KubeObject): GatewayAddressView[] {
  return asArray(field(gateway, 'status', 'addresses'))
    .map(a => ({
      type: asString(asRecord(a).type) ?? 'IPAddress',
      value: asString(asRecord(a).value) ?? '',
    }))
    .filter(a => a.value !== '');
}

function certificateRefsOf(
  listenerSpec: Record<string, unknown>,
  namespace: string | undefined,
): ObjectRef[] {
  return asArray(field(listenerSpec, 'tls', 'certificateRefs')).map(r => {
    const ref = asRecord(r);
    return {
      kind: asString(ref.kind) ?? 'Secret',
      group: asString(ref.group) ?? '',
      name: asString(ref.name) ?? '?',
      namespace: asString(ref.namespace) ?? namespace,
    };
  });
}

function interpretListener(options: {
  spec: Record<string, unknown>;
  status: Record<string, unknown> | undefined;
  gateway: KubeObject;
  generation?: number;
  hints: CertificateRefHint[];
  noController: boolean;
  listenersUnreported: boolean;
}): ListenerView {
  const { spec, status, gateway } = options;
  const name = asString(spec.name) ?? asString(status?.name) ?? '?';
  const namespace = asString(field(gateway, 'metadata', 'namespace'));
  const certificateRefs = certificateRefsOf(spec, namespace);
  const firstRef = certificateRefs[0];
  const certificate = firstRef
    ? options.hints.find(
        h => h.name === firstRef.name && h.namespace === firstRef.namespace,
      ) ?? {
        name: firstRef.name,
        namespace: firstRef.namespace ?? '',
      }
    : undefined;
  const conditions = readConditions(status?.conditions);
  const context = {
    scope: 'listener' as const,
    objectName: asString(field(gateway, 'metadata', 'name')) ?? '?',
    objectNamespace: namespace,
    listenerName: name,
    listenerPort: asNumber(spec.port),
    certificate,
  };
  const reported = status !== undefined && conditions.length > 0;
  let notReported = pending(
    'The controller has not reported on this listener yet.',
  );
  if (options.noController) {
    notReported = pending('No controller owns this Gateway.');
  } else if (options.listenersUnreported) {
    // e.g. Istio's remote gateways: accepted, but the controller never writes listener status.
    notReported = {
      state: 'unknown',
      message:
        'The controller does not report listener status for this Gateway.',
    };
  }
  const check = (type: string, whenMissing: StatusCheck) =>
    conditionCheck({
      conditions,
      type,
      generation: options.generation,
      context,
      whenMissing,
    });
  const accepted = check('Accepted', notReported);
  const programmed = check('Programmed', notReported);
  // Some controllers (e.g. Application Gateway for Containers) omit Conflicted; absence means no conflict.
  const resolvedRefs = check(
    'ResolvedRefs',
    reported ? ok('No reference problems reported.') : notReported,
  );
  const conflicted = check(
    'Conflicted',
    reported ? ok('No conflicts reported.') : notReported,
  );
  // Root causes first: a bad reference or protocol explains why the listener is not programmed.
  const problem = primaryProblem([
    resolvedRefs,
    accepted,
    conflicted,
    programmed,
  ]);
  const tlsMode =
    asString(field(spec, 'tls', 'mode')) ??
    (field(spec, 'tls') ? 'Terminate' : undefined);
  return {
    name,
    protocol: asString(spec.protocol) ?? '',
    port: asNumber(spec.port) ?? 0,
    ...(asString(spec.hostname) ? { hostname: asString(spec.hostname) } : {}),
    ...(tlsMode ? { tlsMode } : {}),
    certificateRefs,
    ...(asNumber(status?.attachedRoutes) !== undefined
      ? { attachedRoutes: asNumber(status?.attachedRoutes) }
      : {}),
    accepted,
    programmed,
    resolvedRefs,
    conflicted,
    ...(problem ? { problem } : {}),
    state: summarize([
      accepted.state,
      programmed.state,
      resolvedRefs.state,
      conflicted.state,
    ]),
  };
}

/** Interprets a Gateway (spec + status) into the card's view. Never throws. */
export function interpretGateway(
  input: GatewayInterpretationInput,
): GatewayView {
  const { gateway } = input;
  const generation = generationOf(gateway);
  const conditions = readConditions(field(gateway, 'status', 'conditions'));
  const className = asString(field(gateway, 'spec', 'gatewayClassName'));
  const name = asString(field(gateway, 'metadata', 'name')) ?? '?';
  const namespace = asString(field(gateway, 'metadata', 'namespace'));
  const context = {
    scope: 'gateway' as const,
    objectName: name,
    objectNamespace: namespace,
    gatewayClassName: className,
  };

  const acceptedCondition = findCondition(conditions, 'Accepted');
  const classKnown =
    !input.gatewayClasses ||
    input.gatewayClasses.some(
      c => asString(field(c, 'metadata', 'name')) === className,
    );
  const noController =
    conditions.length === 0 || isCrdDefaultPending(acceptedCondition);
  const unowned: StatusCheck | undefined =
    noController && !classKnown
      ? {
          state: 'warning',
          reason: acceptedCondition?.reason,
          message: `No controller owns this Gateway: there is no GatewayClass named "${
            className ?? ''
          }".`,
          fix: 'Set gatewayClassName to "istio" (Istio add-on) or to an installed GatewayClass such as "azure-alb-external".',
        }
      : undefined;

  const noStatus = pending('No controller has reported on this Gateway yet.');
  const accepted =
    unowned ??
    conditionCheck({
      conditions,
      type: 'Accepted',
      generation,
      context,
      whenMissing: noStatus,
    });
  const programmed = unowned
    ? pending('Not programmed: no controller owns this Gateway.')
    : conditionCheck({
        conditions,
        type: 'Programmed',
        generation,
        context,
        whenMissing: noStatus,
      });
  const resolvedRefs = findCondition(conditions, 'ResolvedRefs')
    ? conditionCheck({
        conditions,
        type: 'ResolvedRefs',
        generation,
        context,
        whenMissing: noStatus,
      })
    : undefined;

  const statusListeners = asArray(field(gateway, 'status', 'listeners')).map(
    asRecord,
  );
  const specListeners = asArray(field(gateway, 'spec', 'listeners')).map(
    asRecord,
  );
  const specNames = new Set(specListeners.map(l => asString(l.name)));
  const listenerSpecs = [
    ...specListeners,
    // Status entries without a spec listener (should not happen, but shown rather than hidden).
    ...statusListeners
      .filter(l => !specNames.has(asString(l.name)))
      .map(l => ({ name: l.name })),
  ];
  const listeners = listenerSpecs.map(spec =>
    interpretListener({
      spec,
      status: statusListeners.find(
        s => asString(s.name) === asString(spec.name),
      ),
      gateway,
      generation,
      hints: input.certificateHints ?? [],
      noController,
      listenersUnreported:
        !noController &&
        statusListeners.length === 0 &&
        findCondition(conditions, 'Programmed')?.status === 'True',
    }),
  );

  const workload = input.workload ? workloadHealth(input.workload) : undefined;
  const revision = isIstioClass(className, input.gatewayClasses)
    ? owningRevision({
        gateway,
        namespaceLabels: input.namespaceLabels,
        installedRevisions: input.installedRevisions,
      })
    : {};
  const problem = primaryProblem([
    accepted,
    resolvedRefs,
    programmed,
    ...listeners.map(l => l.problem),
  ]);
  return {
    ref: objectRef(gateway, 'Gateway'),
    ...(className ? { className } : {}),
    addresses: readAddresses(gateway),
    accepted,
    programmed,
    ...(resolvedRefs ? { resolvedRefs } : {}),
    listeners,
    ...(revision.revision
      ? { revision: revision.revision, revisionSource: revision.source }
      : {}),
    deploymentMode: gatewayDeploymentMode(gateway, input.gatewayClasses),
    ...(workload ? { workload } : {}),
    ...(problem ? { problem } : {}),
    state: summarize([
      accepted.state,
      programmed.state,
      resolvedRefs?.state,
      ...listeners.map(l => l.state),
      workload?.state,
    ]),
  };
}
