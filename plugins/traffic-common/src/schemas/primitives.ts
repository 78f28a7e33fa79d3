import { z } from 'zod';

/*
 * Building blocks for the input schemas. Every string that can reach a manifest is held to a
 * pattern here, so no input can smuggle a newline, a YAML document marker or a second object
 * into what the builders produce. Messages start with "is ..." or "must ..." because the parse
 * functions prefix them with the field and the offending value.
 */

export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN_PATTERN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Istio revision names as the AKS add-on spells them, e.g. `asm-1-26`. */
export const ISTIO_REVISION_PATTERN = /^asm-1-\d{1,3}$/;
const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A DNS-1123 label (most namespaced names, Services, namespaces). */
export function dnsLabel(example: string) {
  return z
    .string()
    .min(1, { message: `must not be empty: use a name like "${example}"` })
    .max(63, { message: `is too long: use at most 63 characters` })
    .regex(DNS_LABEL_PATTERN, {
      message: `is not a valid DNS-1123 label: use lowercase letters, digits and "-", starting and ending with a letter or digit, like "${example}"`,
    });
}

/** A DNS-1123 subdomain (object names that may contain dots). */
export function dnsSubdomain(example: string, maxLength = 253) {
  return z
    .string()
    .min(1, { message: `must not be empty: use a name like "${example}"` })
    .max(maxLength, { message: `is too long: use at most ${maxLength} characters` })
    .regex(DNS_SUBDOMAIN_PATTERN, {
      message: `is not a valid Kubernetes name: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, like "${example}"`,
    });
}

/** Says what is wrong with a hostname, or nothing when it is fine. */
export function describeHostnameProblem(
  value: string,
  options: { allowWildcard: boolean },
): string | undefined {
  const example = options.allowWildcard ? '*.example.com' : 'api.example.com';
  if (value.length === 0) return `must not be empty: use a hostname like ${example}`;
  if (value.length > 253) return 'is too long: a hostname has at most 253 characters';
  if (CONTROL_CHARACTERS.test(value) || /\s/.test(value)) {
    return `is not a valid hostname: remove spaces and line breaks, like ${example}`;
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':')) {
    return 'is not a valid hostname: IP addresses and ports are not allowed, use a DNS name';
  }
  if (value !== value.toLowerCase()) {
    return `is not a valid hostname: use lowercase letters, like ${value.toLowerCase()}`;
  }
  const wildcards = value.split('*').length - 1;
  if (wildcards > 0 && !options.allowWildcard) {
    return 'is not a valid hostname here: wildcards are not allowed, name one host like api.example.com';
  }
  if (wildcards > 1 || (wildcards === 1 && !value.startsWith('*.'))) {
    return 'is not a valid hostname: use one wildcard label at most, and only as the first label, like *.example.com';
  }
  const rest = wildcards === 1 ? value.slice(2) : value;
  const labels = rest.split('.');
  if (!labels.every(label => label.length <= 63 && DNS_LABEL_PATTERN.test(label))) {
    return `is not a valid hostname: use dot-separated labels of lowercase letters, digits and "-" (at most 63 each), like ${example}`;
  }
  return undefined;
}

/** A hostname as Gateway API listeners and routes take it (one leading `*.` wildcard allowed). */
export function hostname(options: { allowWildcard: boolean }) {
  return z.string().superRefine((value, ctx) => {
    const problem = describeHostnameProblem(value, options);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}

/** TCP port; accepts a numeric string because template parameters often arrive as text. */
export function port() {
  return z.preprocess(
    value => (typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value),
    z
      .number({ invalid_type_error: 'must be a port number between 1 and 65535, like 8080' })
      .int({ message: 'must be a whole number between 1 and 65535' })
      .min(1, { message: 'is not a valid port: use a number between 1 and 65535' })
      .max(65535, { message: 'is not a valid port: use a number between 1 and 65535' }),
  );
}

/** Small positive counts (replicas, weights...), also accepted as numeric strings. */
export function integer(min: number, max: number, what: string) {
  return z.preprocess(
    value => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value),
    z
      .number({ invalid_type_error: `must be a whole number between ${min} and ${max}` })
      .int({ message: `must be a whole number between ${min} and ${max}` })
      .min(min, { message: `is too small: ${what} must be at least ${min}` })
      .max(max, { message: `is too large: ${what} must be at most ${max}` }),
  );
}

export const istioRevision = () =>
  z.string().regex(ISTIO_REVISION_PATTERN, {
    message: 'is not an Istio add-on revision: use the form asm-1-MINOR, like asm-1-26',
  });

export const guid = (what: string) =>
  z.string().regex(GUID_PATTERN, {
    message: `is not a GUID: copy the ${what} from Azure, like 00000000-0000-0000-0000-000000000000`,
  });

/** Cluster name as configured in `kubernetes.clusterLocatorMethods` (not written to manifests). */
export const clusterName = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/, {
      message:
        'is not a configured cluster name: use letters, digits, ".", "_" and "-", like "aks-prod-westeurope"',
    })
    .describe('Cluster to change, as named in the Backstage kubernetes configuration.');

const LABEL_VALUE_PATTERN = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PATTERN =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Says what is wrong with a label or annotation key, or nothing when it is fine. */
export function describeQualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (!QUALIFIED_NAME_PATTERN.test(key) || prefix.length > 253 || name.length > 63) {
    return 'is not a valid key: use an optional DNS prefix and a name of letters, digits, "-", "_" and ".", like example.com/team';
  }
  return undefined;
}

const labelKey = () =>
  z.string().superRefine((key, ctx) => {
    const problem = describeQualifiedNameProblem(key);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

export const labelValue = () =>
  z
    .string()
    .max(63, { message: 'is too long: a label value has at most 63 characters' })
    .regex(LABEL_VALUE_PATTERN, {
      message:
        'is not a valid label value: use letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
    });

/** Kubernetes labels; keys and values follow the API server's rules. */
export const labels = () => z.record(labelKey(), labelValue());

/**
 * Free text that lands in a manifest (annotation values, subnet names...). One line of printable
 * characters only: no line breaks or control characters that could start another YAML document.
 */
export function singleLineText(maxLength: number) {
  return z
    .string()
    .max(maxLength, { message: `is too long: use at most ${maxLength} characters` })
    .refine(value => !CONTROL_CHARACTERS.test(value), {
      message: 'must be a single line: remove line breaks, tabs and control characters',
    })
    .refine(value => value.trim() === value, {
      message: 'must not start or end with spaces: remove them',
    });
}

/** Annotations; values are single-line text. */
export const annotations = () => z.record(labelKey(), singleLineText(4096));

/** A Kubernetes resource quantity such as `100m`, `128Mi` or `1.5`. */
export const quantity = () =>
  z
    .string()
    .regex(/^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/, {
      message: 'is not a Kubernetes quantity: use forms like 100m (CPU) or 256Mi (memory)',
    });

/** A URL path as Gateway API accepts it in PathPrefix/Exact matches and rewrites. */
export const urlPath = () =>
  z
    .string()
    .max(1024, { message: 'is too long: use at most 1024 characters' })
    .regex(/^\/(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})*$/, {
      message:
        'is not a valid path: start with "/" and use only URL path characters or %XX escapes (no spaces, "?" or "#"), like /api',
    })
    .refine(
      value =>
        !/\/\/|\/\.\.?\/|\/\.\.?$|%2f/i.test(value),
      { message: 'must not contain "//", "/./", "/../" or %2F, nor end with "/." or "/..": normalize the path' },
    );
