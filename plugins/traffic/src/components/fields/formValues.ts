/** Reads `a.b.c` from the scaffolder's form data (all steps merged). */
export function readFormValue(formData: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return (value as Record<string, unknown>)[key];
    }
    return undefined;
  }, formData);
}

export function readFormString(
  formData: unknown,
  path: string,
): string | undefined {
  const value = readFormValue(formData, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The Gateway listener a route attaches to, as TrafficGatewayPicker stores it. */
export interface GatewayListenerValue {
  cluster: string;
  namespace: string;
  name: string;
  sectionName: string;
}

export function isGatewayListenerValue(
  value: unknown,
): value is GatewayListenerValue {
  const candidate = value as Partial<GatewayListenerValue> | undefined;
  return (
    typeof candidate?.cluster === 'string' &&
    typeof candidate.namespace === 'string' &&
    typeof candidate.name === 'string' &&
    typeof candidate.sectionName === 'string'
  );
}
