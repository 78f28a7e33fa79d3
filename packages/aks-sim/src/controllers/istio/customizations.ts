import { AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST } from '@aks-traffic/backstage-plugin-traffic-common';

/**
 * The AKS allow list for Gateway resource customizations (istio-gateway-class-defaults and a
 * Gateway's parametersRef ConfigMap) — the same list our builders enforce. Fields not listed are
 * ignored, as on AKS.
 */
export const ALLOWED_FIELDS: Record<keyof typeof AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST, readonly string[]> =
  AKS_GATEWAY_CUSTOMIZATION_ALLOW_LIST;

export type CustomizationKey = keyof typeof ALLOWED_FIELDS;

type Json = Record<string, any>;

/**
 * Keeps only allow-listed paths of an overlay. `containers` is a list: allowed container fields
 * are kept per entry (entries are matched to the generated container by name, or the first).
 */
export function filterAllowed(overlay: Json, allowed: readonly string[], prefix = ''): { kept: Json; dropped: string[] } {
  const kept: Json = {};
  const dropped: string[] = [];
  for (const [field, value] of Object.entries(overlay ?? {})) {
    const path = prefix ? `${prefix}.${field}` : field;
    if (allowed.includes(path)) {
      kept[field] = value;
    } else if (Array.isArray(value) && allowed.some(a => a.startsWith(`${path}.`))) {
      kept[field] = value.map(item => {
        const inner = filterAllowed(item, allowed, path);
        dropped.push(...inner.dropped);
        return { ...(item?.name ? { name: item.name } : {}), ...inner.kept };
      });
    } else if (value && typeof value === 'object' && !Array.isArray(value) && allowed.some(a => a.startsWith(`${path}.`))) {
      const inner = filterAllowed(value, allowed, path);
      if (Object.keys(inner.kept).length) kept[field] = inner.kept;
      dropped.push(...inner.dropped);
    } else if (!(path === 'name' || path.endsWith('containers.name'))) {
      dropped.push(path);
    }
  }
  return { kept, dropped };
}

/** Deep merge (objects merge, arrays of named items merge by name, other values replace). */
export function deepMerge(base: Json, overlay: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(overlay ?? {})) {
    const b = out[k];
    if (Array.isArray(v) && Array.isArray(b) && v.every(i => i && typeof i === 'object') && k === 'containers') {
      out[k] = b.map((item: Json, index: number) => {
        const match = v.find((o: Json) => o.name === item.name) ?? (index === 0 ? v.find((o: Json) => !o.name) : undefined);
        return match ? deepMerge(item, match) : item;
      });
    } else if (v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)) {
      out[k] = deepMerge(b, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}
