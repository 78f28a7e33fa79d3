import type { InputIssue } from '../../schemas/errors';

/** Suffix Istio's automated deployment appends for the Deployment, Service, HPA and PDB. */
export const ISTIO_GATEWAY_RESOURCE_SUFFIX = '-istio';

/**
 * Istio names the generated Service `<gateway>-istio`; a Service name is a DNS-1035 label, so
 * the Gateway name must start with a letter and leave room for the suffix.
 */
export function automatedGatewayNameRules(name: string, field: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const maxLength = 63 - ISTIO_GATEWAY_RESOURCE_SUFFIX.length;
  if (name.length > maxLength) {
    issues.push({
      field,
      message: `"${name}" is too long: Istio creates the Service "${name}${ISTIO_GATEWAY_RESOURCE_SUFFIX}", so use at most ${maxLength} characters`,
    });
  }
  if (!/^[a-z]/.test(name)) {
    issues.push({
      field,
      message: `"${name}" must start with a letter: Istio creates the Service "${name}${ISTIO_GATEWAY_RESOURCE_SUFFIX}" and Service names cannot start with a digit`,
    });
  }
  return issues;
}

/** Reports duplicate values of a key in a list, naming the later entries. */
export function duplicateRules<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  fieldOf: (index: number) => string,
  describe: (key: string, firstIndex: number) => string,
): InputIssue[] {
  const firstIndexByKey = new Map<string, number>();
  const issues: InputIssue[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = firstIndexByKey.get(key);
    if (first === undefined) firstIndexByKey.set(key, index);
    else issues.push({ field: fieldOf(index), message: describe(key, first) });
  });
  return issues;
}
