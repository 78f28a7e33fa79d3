import type { KubeObject } from '@aks-traffic/backstage-plugin-traffic-common';
import type { DesiredCondition } from '../common/conditions';

/** Where a Gateway's traffic lands: the Services (by hostname) it is "assigned to". */
export interface GatewayServices {
  /** Service hostnames (e.g. `gw-istio.ns.svc.cluster.local`). Empty = nothing usable requested. */
  hostnames: string[];
  /** Requested addresses Istio ignores (types other than Hostname/IPAddress). */
  skipped: string[];
  /** True when the Gateway uses the manual deployment model (a Hostname address). */
  manual: boolean;
}

export function automatedServiceName(gatewayName: string): string {
  return `${gatewayName}-istio`;
}

export function gatewayServices(gateway: KubeObject, domainSuffix: string): GatewayServices {
  const ns = gateway.metadata.namespace ?? 'default';
  const addresses = (gateway.spec?.addresses ?? []) as Array<{ type?: string; value: string }>;
  const hostnames: string[] = [];
  const skipped: string[] = [];
  let sawIp = false;
  for (const address of addresses) {
    const type = address.type ?? 'IPAddress';
    if (type === 'Hostname') {
      // A short name is a Service in the Gateway's namespace, as Istio resolves it.
      hostnames.push(address.value.includes('.') ? address.value : `${address.value}.${ns}.svc.${domainSuffix}`);
    } else if (type === 'IPAddress') {
      sawIp = true;
    } else {
      skipped.push(address.value);
    }
  }
  if (hostnames.length > 0) return { hostnames, skipped, manual: true };
  if (skipped.length > 0 && !sawIp) return { hostnames: [], skipped, manual: false };
  return { hostnames: [`${automatedServiceName(gateway.metadata.name)}.${ns}.svc.${domainSuffix}`], skipped, manual: false };
}

export interface ServiceLookup {
  /** A Kubernetes Service by namespace/name. */
  service(namespace: string, name: string): KubeObject | undefined;
  /** Ports of an Istio ServiceEntry host visible in the namespace (non-cluster hostnames). */
  serviceEntryPorts(namespace: string, host: string): number[] | undefined;
}

interface Resolution {
  internal: string[];
  external: string[];
  pending: string[];
  warnings: string[];
  allUsable: boolean;
}

/** Mirrors istiod's ResolveGatewayInstances: which service ports and addresses a Gateway got. */
export function resolveGatewayInstances(
  namespace: string,
  hostnames: string[],
  ports: number[],
  domainSuffix: string,
  lookup: ServiceLookup,
): Resolution {
  const internal = new Set<string>();
  const external = new Set<string>();
  const pending = new Set<string>();
  const warnings: string[] = [];
  let allUsable = true;
  const clusterSuffix = `.svc.${domainSuffix}`;
  for (const host of hostnames) {
    let servicePorts: Array<{ port: number; targetPort?: number | string }> | undefined;
    let svc: KubeObject | undefined;
    if (host.endsWith(clusterSuffix)) {
      const [name, svcNamespace] = host.slice(0, -clusterSuffix.length).split('.');
      svc = svcNamespace === namespace ? lookup.service(svcNamespace, name) : undefined;
      servicePorts = svc?.spec?.ports;
    } else {
      servicePorts = lookup.serviceEntryPorts(namespace, host)?.map(port => ({ port }));
    }
    if (!servicePorts) {
      warnings.push(`hostname "${host}" not found`);
      allUsable = false;
      continue;
    }
    for (const port of [...new Set(ports)]) {
      if (servicePorts.some(p => p.port === port)) {
        internal.add(`${host}:${port}`);
        const ingress = (svc?.status?.loadBalancer?.ingress ?? []) as Array<{ ip?: string; hostname?: string }>;
        const ips = ingress.map(i => i.ip ?? i.hostname).filter((v): v is string => !!v);
        if (ips.length > 0) ips.forEach(ip => external.add(ip));
        else if (svc?.spec?.type === 'LoadBalancer' && !pending.has(host)) {
          warnings.push(`address pending for hostname "${host}"`);
          pending.add(host);
        }
      } else {
        const hint = servicePorts.filter(p => p.targetPort === port).map(p => String(p.port));
        warnings.push(
          hint.length > 0
            ? `port ${port} not found for hostname "${host}" (hint: the service port should be specified, not the workload port. Did you mean one of these ports: [${[...new Set(hint)].sort().join(' ')}]?)`
            : `port ${port} not found for hostname "${host}"`,
        );
        allUsable = false;
      }
    }
  }
  return {
    internal: [...internal].sort(),
    external: [...external].sort(),
    pending: [...pending].sort(),
    warnings: warnings.sort(),
    allUsable,
  };
}

export function humanReadableJoin(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

export interface GatewayLevelStatus {
  conditions: DesiredCondition[];
  addresses: Array<{ type: string; value: string }>;
}

/** The Gateway's own Accepted and Programmed conditions and its reported addresses. */
export function gatewayLevelStatus(
  gateway: KubeObject,
  services: GatewayServices,
  listenerPorts: number[],
  domainSuffix: string,
  lookup: ServiceLookup,
): GatewayLevelStatus {
  const ns = gateway.metadata.namespace ?? 'default';
  let accepted: DesiredCondition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Resource accepted' };
  let programmed: DesiredCondition = { type: 'Programmed', status: 'True', reason: 'Programmed', message: 'Resource programmed' };
  if (services.skipped.length > 0) {
    accepted = {
      type: 'Accepted',
      status: 'False',
      reason: 'UnsupportedAddress',
      message: `only Hostname is supported, ignoring [${services.skipped.join(' ')}]`,
    };
  }
  const r = resolveGatewayInstances(ns, services.hostnames, listenerPorts, domainSuffix, lookup);
  if (r.internal.length > 0) {
    programmed = { ...programmed, message: `Resource programmed, assigned to service(s) ${humanReadableJoin(r.internal)}` };
  }
  if (services.hostnames.length === 0) {
    programmed = { type: 'Programmed', status: 'False', reason: 'UnsupportedAddress', message: 'Failed to assign to any requested addresses' };
  } else if (r.warnings.length > 0) {
    const message =
      r.internal.length > 0
        ? `Assigned to service(s) ${humanReadableJoin(r.internal)}, but failed to assign to all requested addresses: ${r.warnings.join('; ')}`
        : `Failed to assign to any requested addresses: ${r.warnings.join('; ')}`;
    programmed = {
      type: 'Programmed',
      status: 'False',
      reason: r.allUsable ? 'AddressNotAssigned' : 'AddressNotUsable',
      message,
    };
  }
  let addresses: Array<{ type: string; value: string }>;
  if (r.external.length > 0) {
    addresses = r.external.map(value => ({ type: isIp(value) ? 'IPAddress' : 'Hostname', value }));
  } else if (r.pending.length === 0 && r.internal.length > 0) {
    addresses = [...new Set(r.internal.map(i => i.slice(0, i.lastIndexOf(':'))))].map(value => ({ type: 'Hostname', value }));
  } else {
    addresses = [];
  }
  return { conditions: [accepted, programmed], addresses };
}

function isIp(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':');
}
