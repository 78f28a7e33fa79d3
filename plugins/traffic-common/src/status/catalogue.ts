import { Condition } from '../kube';
import { StatusState } from '../model';

/**
 * The one place where condition reasons become human sentences with a concrete fix.
 * Keys are `scope:type:status:reason`; `*` as reason is the fallback for a type and status.
 */

export type ConditionScope = 'gateway' | 'listener' | 'route-parent';

/** What the caller knows about a listener's certificate reference, to tell "not synced" from "malformed". */
export interface CertificateRefHint {
  name: string;
  namespace: string;
  /** Whether the Secret exists (undefined: not checked). */
  secretExists?: boolean;
  /** Name of the SecretProviderClass whose `secretObjects[].secretName` is this Secret, if any. */
  secretProviderClass?: string;
}

export interface ExplainContext {
  scope: ConditionScope;
  condition: Condition;
  /** The Gateway or route the condition belongs to. */
  objectName: string;
  objectNamespace?: string;
  gatewayClassName?: string;
  listenerName?: string;
  listenerPort?: number;
  /** Listener names of the parent Gateway, to suggest a valid sectionName. */
  parentListenerNames?: string[];
  /** `namespace/name` of the route's parent Gateway. */
  parentName?: string;
  routeKind?: string;
  routeHostnames?: string[];
  /** Backends of the route in other namespaces (candidates for a missing ReferenceGrant). */
  crossNamespaceBackends?: string[];
  certificate?: CertificateRefHint;
}

export interface Explanation {
  state: StatusState;
  message: string;
  fix?: string;
}

type Rule = (ctx: ExplainContext) => Explanation;

const said = (ctx: ExplainContext) =>
  ctx.condition.message?.trim() || ctx.condition.reason || 'no details';
const capture = (text: string | undefined, pattern: RegExp) =>
  text?.match(pattern)?.[1];
const listener = (ctx: ExplainContext) => `Listener ${ctx.listenerName ?? '?'}`;
const gatewayOf = (ctx: ExplainContext) =>
  `Gateway ${ctx.objectNamespace ? `${ctx.objectNamespace}/` : ''}${
    ctx.objectName
  }`;
const parent = (ctx: ExplainContext) => `Gateway ${ctx.parentName ?? '?'}`;

function certificateNotResolved(ctx: ExplainContext): Explanation {
  const message = ctx.condition.message ?? '';
  const cert = ctx.certificate;
  const secret =
    cert?.name ??
    capture(message, /\/Secret\/([^.\s]+)/) ??
    'the certificate Secret';
  if (/CA certificate|caCertificateRef/i.test(message)) {
    return {
      state: 'error',
      message: `${listener(
        ctx,
      )}: the client-validation CA reference is invalid (${said(ctx)}).`,
      fix: 'tls.frontendValidation.caCertificateRefs must list exactly one ConfigMap or Secret (holding ca.crt) in the Gateway namespace, or one allowed by a ReferenceGrant.',
    };
  }
  const wrongKind = /only secret is allowed/i.test(message);
  if (wrongKind) {
    return {
      state: 'error',
      message: `${listener(
        ctx,
      )}: tls.certificateRefs must point at a Secret (${said(ctx)}).`,
      fix: 'Set certificateRefs[].kind to Secret (group "") and name the kubernetes.io/tls Secret.',
    };
  }
  const missing =
    cert?.secretExists === false ||
    (cert?.secretExists === undefined && /not found/i.test(message));
  if (missing && cert?.secretProviderClass) {
    return {
      state: 'error',
      message: `Secret ${secret} not found: the Key Vault secret syncs only while a pod mounts SecretProviderClass ${cert.secretProviderClass}.`,
      fix: `Run a workload in namespace ${cert.namespace} that mounts SecretProviderClass ${cert.secretProviderClass} through the secrets-store.csi.k8s.io CSI driver, and check its pod events for Key Vault access errors.`,
    };
  }
  if (missing) {
    // Only claim "no SecretProviderClass" when the caller looked for one.
    const checked = cert?.secretExists === false;
    return {
      state: 'error',
      message: `Secret ${secret} not found${
        cert?.namespace ? ` in namespace ${cert.namespace}` : ''
      }${checked ? ', and no SecretProviderClass syncs it' : ''}.`,
      fix: `For TLS from Key Vault, create a SecretProviderClass whose secretObjects[].secretName is ${secret} (type kubernetes.io/tls, keys tls.crt and tls.key) and a pod that mounts it; otherwise create the kubernetes.io/tls Secret.`,
    };
  }
  if (cert?.secretExists === true || /malformed|PEM|parse/i.test(message)) {
    return {
      state: 'error',
      message: `Secret ${secret} exists but its certificate is malformed (${said(
        ctx,
      )}).`,
      fix: cert?.secretProviderClass
        ? `Check the Key Vault objects behind SecretProviderClass ${cert.secretProviderClass}: tls.crt must be a PEM certificate and tls.key its PEM private key (use objectType cert for a Key Vault certificate).`
        : 'Replace the Secret: tls.crt must hold a PEM certificate chain and tls.key the matching PEM private key.',
    };
  }
  return {
    state: 'error',
    message: `${listener(
      ctx,
    )}: certificate reference ${secret} is invalid (${said(ctx)}).`,
    fix: 'Check that the Secret exists in the Gateway namespace, is of type kubernetes.io/tls and holds a PEM certificate and key.',
  };
}

function addressNotUsable(ctx: ExplainContext): Explanation {
  const message = ctx.condition.message ?? '';
  const missingHost = capture(message, /hostname "([^"]+)" not found/);
  const missingPort = capture(message, /port (\d+) not found/);
  const partial = /^Assigned to service/i.test(message);
  const generated = [`${ctx.objectName}-istio.`, `${ctx.objectName}.`];
  if (
    missingHost &&
    !missingPort &&
    generated.some(prefix => missingHost.startsWith(prefix))
  ) {
    // Automated deployment: Istio creates this Service itself; until it exists the address is pending.
    return {
      state: 'pending',
      message: `Waiting for the gateway Service ${
        missingHost.split('.')[0]
      } that Istio creates for this Gateway.`,
      fix: `If this persists, check that the Deployment and Service ${
        missingHost.split('.')[0]
      } exist in namespace ${
        ctx.objectNamespace ?? '?'
      } and that the Gateway's Istio revision is installed.`,
    };
  }
  if (missingPort) {
    const suggested = capture(
      message,
      /Did you mean one of these ports: \[([^\]]+)\]/,
    );
    return {
      state: partial ? 'warning' : 'error',
      message:
        `Listener port ${missingPort} is not a port of the gateway Service ${
          missingHost?.split('.')[0] ?? ''
        }.`.replace(' .', '.'),
      fix: suggested
        ? `Use the Service port (one of ${suggested}), not the container port.`
        : 'With a Hostname address (manual deployment), every listener port must be a port of that Service; use one it exposes (80 or 443 on the AKS managed ingress).',
    };
  }
  if (missingHost) {
    return {
      state: partial ? 'warning' : 'error',
      message: `The address Hostname does not name an existing Service (${missingHost} not found).`,
      fix: 'spec.addresses[].value must be the gateway Service name, e.g. aks-istio-ingressgateway-external in namespace aks-istio-ingress; or remove spec.addresses to let Istio deploy a gateway.',
    };
  }
  return {
    state: partial ? 'warning' : 'error',
    message: `The Gateway address is not usable: ${said(ctx)}.`,
  };
}

function notAllowedByListeners(ctx: ExplainContext): Explanation {
  const message = ctx.condition.message ?? '';
  if (/kind .* is not allowed/i.test(message)) {
    const kind = ctx.routeKind ?? 'this route kind';
    return {
      state: 'error',
      message: `The selected listener of ${parent(
        ctx,
      )} does not accept ${kind}.`,
      fix: `Attach to a listener whose protocol serves ${kind} (HTTP/HTTPS for HTTPRoute, TLS for TLSRoute), or ask the platform team to add ${kind} to allowedRoutes.kinds.`,
    };
  }
  const namespace =
    capture(message, /namespace "([^"]+)" is not allowed/) ??
    ctx.objectNamespace ??
    '?';
  return {
    state: 'error',
    message: `${parent(
      ctx,
    )} does not allow routes from namespace ${namespace}.`,
    fix: `Ask the platform team to allow namespace ${namespace} in the listener's allowedRoutes.namespaces (from: Selector matching a label of ${namespace}, or from: All), or create the route in a namespace the Gateway allows.`,
  };
}

function noMatchingHostname(ctx: ExplainContext): Explanation {
  const listenerHost = capture(
    ctx.condition.message,
    /parent hostname "([^"]+)"/,
  );
  const hostnames = ctx.routeHostnames?.length
    ? ctx.routeHostnames.join(', ')
    : 'the route hostnames';
  return {
    state: 'error',
    message: `None of ${hostnames} matches the hostname ${
      listenerHost ?? 'of the listener'
    } of ${parent(ctx)}.`,
    fix: listenerHost
      ? `Use a hostname covered by ${listenerHost}${
          listenerHost.startsWith('*.')
            ? ` (e.g. app${listenerHost.slice(1)})`
            : ''
        }, or attach to a listener for your hostname.`
      : 'Use a hostname that the listener serves, or attach to a listener for your hostname.',
  };
}

function noMatchingParent(ctx: ExplainContext): Explanation {
  const message = ctx.condition.message ?? '';
  const port = capture(message, /port (\d+) not found/);
  const section = capture(message, /sectionName "([^"]+)" not found/);
  const listeners = ctx.parentListenerNames?.length
    ? ` (listeners: ${ctx.parentListenerNames.join(', ')})`
    : '';
  if (port) {
    return {
      state: 'error',
      message: `${parent(ctx)} has no listener on port ${port}.`,
      fix: `Set parentRefs[].port to a port of one of its listeners${listeners}, or remove it.`,
    };
  }
  if (section) {
    return {
      state: 'error',
      message: `${parent(ctx)} has no listener named ${section}.`,
      fix: `Set parentRefs[].sectionName to one of its listeners${listeners}, or remove it.`,
    };
  }
  return {
    state: 'error',
    message: `The route's parent was not found: ${said(ctx)}.`,
    fix: 'Check parentRefs[].name, namespace and kind: the parent must exist and be handled by the Istio controller.',
  };
}

const RULES: Record<string, Rule> = {
  // Gateway
  'gateway:Accepted:True:*': () => ({
    state: 'ok',
    message: 'Accepted by its controller.',
  }),
  'gateway:Accepted:Unknown:Pending': ctx => ({
    state: 'pending',
    message:
      'No controller has picked up this Gateway yet ("Waiting for controller").',
    fix: `If this lasts, no installed controller handles gatewayClassName "${
      ctx.gatewayClassName ?? '?'
    }": use "istio" for the Istio add-on, or "azure-alb-external" for Application Gateway for Containers.`,
  }),
  'gateway:Accepted:False:UnsupportedAddress': ctx => ({
    state: 'error',
    message: `The Gateway's spec.addresses are not supported (${said(ctx)}).`,
    fix: 'Istio accepts one address of type Hostname naming the gateway Service (e.g. aks-istio-ingressgateway-external in aks-istio-ingress); remove IPAddress entries, or remove spec.addresses so Istio deploys a gateway.',
  }),
  'gateway:Accepted:False:InvalidParameters': ctx => ({
    state: 'error',
    message: `The Gateway's infrastructure.parametersRef is invalid (${said(
      ctx,
    )}).`,
    fix: 'parametersRef must name a ConfigMap in the Gateway namespace; use only fields on the AKS allow list (deployment, service, horizontalPodAutoscaler with minReplicas >= 2, podDisruptionBudget).',
  }),
  'gateway:Accepted:False:ListenersNotValid': ctx => ({
    state: 'warning',
    message: `Some listeners are invalid (${said(ctx)}).`,
    fix: 'See the listener problems below.',
  }),
  'gateway:Programmed:True:*': () => ({
    state: 'ok',
    message: 'Programmed: the gateway serves traffic.',
  }),
  'gateway:Programmed:Unknown:Pending': () => ({
    state: 'pending',
    message: 'Not programmed yet ("Waiting for controller").',
  }),
  'gateway:Programmed:False:Pending': ctx => ({
    state: 'pending',
    message: `Not programmed yet (${said(ctx)}).`,
  }),
  'gateway:Programmed:False:AddressNotAssigned': ctx =>
    /pending/i.test(ctx.condition.message ?? '')
      ? {
          state: 'pending',
          message: 'Waiting for the load balancer to assign an address.',
          fix: `Azure assigns the IP within minutes; if it stays pending, check the events of Service ${ctx.objectName}-istio (public IP quota, subnet, load balancer annotations).`,
        }
      : {
          state: 'error',
          message: `No address could be assigned (${said(ctx)}).`,
          fix: 'Check the gateway Service events and its load balancer annotations.',
        },
  'gateway:Programmed:False:AddressNotUsable': addressNotUsable,
  'gateway:Programmed:False:UnsupportedAddress': ctx => ({
    state: 'error',
    message: `The requested address cannot be used (${said(ctx)}).`,
    fix: 'Use a single address of type Hostname naming the gateway Service, or no address.',
  }),
  'gateway:Programmed:False:NoResources': ctx => ({
    state: 'error',
    message: `The controller could not create the gateway resources (${said(
      ctx,
    )}).`,
    fix: 'Check the istiod logs for the Gateway and the parametersRef ConfigMap.',
  }),
  'gateway:ResolvedRefs:True:*': () => ({
    state: 'ok',
    message: 'All Gateway references resolved.',
  }),
  'gateway:ResolvedRefs:False:RefNotPermitted': ctx => ({
    state: 'error',
    message: `A Gateway reference crosses namespaces without a ReferenceGrant (${said(
      ctx,
    )}).`,
    fix: `Create a ReferenceGrant in the referenced namespace allowing Gateways from namespace ${
      ctx.objectNamespace ?? '?'
    }.`,
  }),

  // Listener
  'listener:Accepted:True:*': () => ({ state: 'ok', message: 'Accepted.' }),
  'listener:Accepted:False:UnsupportedProtocol': ctx => ({
    state: 'error',
    message: `${listener(
      ctx,
    )} uses a protocol the controller does not support (${said(ctx)}).`,
    fix: 'Use HTTP, HTTPS, TLS or TCP, in uppercase.',
  }),
  'listener:Accepted:False:PortUnavailable': ctx => ({
    state: 'error',
    message: `${listener(ctx)} cannot use port ${
      ctx.listenerPort ?? '?'
    } (${said(ctx)}).`,
    fix: 'Choose another port.',
  }),
  'listener:Accepted:False:UnsupportedValue': ctx => ({
    state: 'error',
    message: `${listener(ctx)} has an unsupported setting (${said(ctx)}).`,
  }),
  'listener:Conflicted:False:*': () => ({
    state: 'ok',
    message: 'No conflicts.',
  }),
  'listener:Conflicted:True:HostnameConflict': ctx => ({
    state: 'error',
    message: `${listener(ctx)} conflicts with another listener on port ${
      ctx.listenerPort ?? '?'
    } with the same hostname.`,
    fix: 'Give each listener on a port a distinct hostname.',
  }),
  'listener:Conflicted:True:ProtocolConflict': ctx => ({
    state: 'error',
    message: `${listener(
      ctx,
    )} conflicts with another listener using a different protocol on port ${
      ctx.listenerPort ?? '?'
    }.`,
    fix: 'Use one protocol per port, or move the listener to another port.',
  }),
  'listener:ResolvedRefs:True:*': () => ({
    state: 'ok',
    message: 'All references resolved.',
  }),
  'listener:ResolvedRefs:False:InvalidCertificateRef': certificateNotResolved,
  'listener:ResolvedRefs:False:RefNotPermitted': ctx => {
    const ref =
      capture(ctx.condition.message, /(\S+\/\S+) not accessible/) ??
      ctx.certificate?.name ??
      'the referenced object';
    return {
      state: 'error',
      message: `${listener(
        ctx,
      )} references ${ref} in another namespace, and no ReferenceGrant allows it.`,
      fix: `Create a ReferenceGrant in the namespace of ${ref} with from: {group: gateway.networking.k8s.io, kind: Gateway, namespace: ${
        ctx.objectNamespace ?? '?'
      }} and to: {group: "", kind: Secret} (or ConfigMap for CA certificates).`,
    };
  },
  'listener:ResolvedRefs:False:InvalidRouteKinds': ctx => ({
    state: 'warning',
    message: `${listener(
      ctx,
    )} lists route kinds in allowedRoutes.kinds that its protocol cannot serve.`,
    fix: 'Allow HTTPRoute/GRPCRoute on HTTP and HTTPS listeners, TLSRoute on TLS, TCPRoute on TCP.',
  }),
  'listener:Programmed:True:*': () => ({ state: 'ok', message: 'Programmed.' }),
  'listener:Programmed:False:Invalid': ctx => ({
    state: 'error',
    message: `${listener(ctx)} is not programmed (${said(ctx)}).`,
    fix: 'Fix the listener problem reported by ResolvedRefs or Accepted.',
  }),

  // Route parent
  'route-parent:Accepted:True:*': ctx => ({
    state: 'ok',
    message: `Attached to ${parent(ctx)}.`,
  }),
  'route-parent:Accepted:Unknown:*': ctx => ({
    state: 'pending',
    message: `Waiting for ${parent(ctx)} (${said(ctx)}).`,
  }),
  'route-parent:Accepted:False:Pending': ctx => ({
    state: 'pending',
    message: `Waiting for ${parent(ctx)} (${said(ctx)}).`,
  }),
  'route-parent:Accepted:False:NotAllowedByListeners': notAllowedByListeners,
  'route-parent:Accepted:False:NoMatchingListenerHostname': noMatchingHostname,
  'route-parent:Accepted:False:NoMatchingParent': noMatchingParent,
  'route-parent:Accepted:False:UnsupportedValue': ctx => ({
    state: 'error',
    message: `The route uses a value the controller does not support (${said(
      ctx,
    )}).`,
  }),
  'route-parent:ResolvedRefs:True:*': () => ({
    state: 'ok',
    message: 'All backends resolved.',
  }),
  'route-parent:ResolvedRefs:False:BackendNotFound': ctx => {
    const backend = capture(
      ctx.condition.message,
      /backend\(([^)]+)\) not found/,
    );
    const name = backend?.split('.')[0];
    return {
      state: 'error',
      message: `Backend ${backend ?? ''} not found.`
        .replace('  ', ' ')
        .replace(' .', '.'),
      fix: `Check backendRefs[].name and port: a Service${
        name ? ` named ${name}` : ''
      } must exist in namespace ${
        ctx.objectNamespace ?? '?'
      } (or in backendRefs[].namespace when set).`,
    };
  },
  'route-parent:ResolvedRefs:False:RefNotPermitted': ctx => {
    // Istio writes `backendRef <name>/<namespace> not accessible`; pick that backend out of the candidates.
    const named =
      capture(ctx.condition.message, /backendRef (\S+) not accessible/)?.split(
        '/',
      ) ?? [];
    const candidates = ctx.crossNamespaceBackends ?? [];
    const denied = candidates.filter(
      c =>
        named.length === 2 &&
        (c.endsWith(` ${named[1]}/${named[0]}`) ||
          c.endsWith(` ${named[0]}/${named[1]}`)),
    );
    let targets = 'a backend in another namespace';
    if (denied.length) {
      targets = denied.join(', ');
    } else if (candidates.length) {
      targets = `one of ${candidates.join(', ')}`;
    }
    return {
      state: 'error',
      message: `The route references ${targets}, and no ReferenceGrant allows it.`,
      fix: `Create a ReferenceGrant in the backend's namespace with from: {group: gateway.networking.k8s.io, kind: ${
        ctx.routeKind ?? 'HTTPRoute'
      }, namespace: ${
        ctx.objectNamespace ?? '?'
      }} and to: {group: "", kind: Service}.`,
    };
  },
  'route-parent:ResolvedRefs:False:InvalidKind': ctx => ({
    state: 'error',
    message: `A backend has an unsupported kind (${said(ctx)}).`,
    fix: 'backendRefs must point at Services (group "", kind Service), or at kinds the mesh supports such as ServiceEntry hostnames.',
  }),
  'route-parent:ResolvedRefs:False:UnsupportedProtocol': ctx => ({
    state: 'error',
    message: `A backend uses a protocol the gateway cannot route to (${said(
      ctx,
    )}).`,
    fix: "Check the Service port's appProtocol or name prefix.",
  }),
};

// Conflicted is the one type where True is bad.
const NEGATIVE_POLARITY = new Set(['Conflicted']);

function genericRule(ctx: ExplainContext): Explanation {
  const { type, status } = ctx.condition;
  const bad = NEGATIVE_POLARITY.has(type)
    ? status === 'True'
    : status === 'False';
  const subjects: Record<ConditionScope, () => string> = {
    listener: () => listener(ctx),
    gateway: () => gatewayOf(ctx),
    'route-parent': () => `The route (parent ${ctx.parentName ?? '?'})`,
  };
  const subject = (subjects[ctx.scope] ?? subjects['route-parent'])();
  if (status === 'Unknown') {
    return {
      state: 'pending',
      message: `${subject}: ${type} is not known yet (${said(ctx)}).`,
    };
  }
  if (bad) {
    return {
      state: 'error',
      message: `${subject}: ${type} is ${status} (${said(ctx)}).`,
    };
  }
  return { state: 'ok', message: `${type}: ${said(ctx)}.` };
}

/** Turns one condition into a state, sentence and fix. Never throws. */
export function explainCondition(ctx: ExplainContext): Explanation {
  const { type, status, reason } = ctx.condition;
  const rule =
    RULES[`${ctx.scope}:${type}:${status}:${reason ?? ''}`] ??
    RULES[`${ctx.scope}:${type}:${status}:*`] ??
    genericRule;
  return rule(ctx);
}

/** The reasons with a dedicated sentence, for documentation and tests. */
export const EXPLAINED_REASONS: ReadonlyArray<string> = Object.keys(RULES);
