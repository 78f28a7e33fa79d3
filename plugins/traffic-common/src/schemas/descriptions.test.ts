import { z } from 'zod';
import { egressInputSchema } from './egressInput';
import { gatewayInputSchema } from './gatewayInput';
import { keyVaultTlsInputSchema } from './keyVaultTlsInput';
import { meshMtlsInputSchema } from './meshMtlsInput';
import { routeInputSchema } from './routeInput';

/** Strips wrappers that do not change the form (optional, default, effects) to reach the shape. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap());
  if (schema instanceof z.ZodDefault) return unwrap(schema._def.innerType);
  if (schema instanceof z.ZodEffects) return unwrap(schema.innerType());
  if (schema instanceof z.ZodArray) return unwrap(schema.element);
  return schema;
}

/** Paths of object fields without a description (the scaffolder shows it as the field's help). */
function undescribedFields(schema: z.ZodTypeAny, path = ''): string[] {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.ZodTypeAny>).flatMap(([key, field]) => {
    const fieldPath = path ? `${path}.${key}` : key;
    const own = field.description ? [] : [fieldPath];
    return [...own, ...undescribedFields(field, fieldPath)];
  });
}

describe.each([
  ['gateway', gatewayInputSchema],
  ['route', routeInputSchema],
  ['key vault TLS', keyVaultTlsInputSchema],
  ['egress', egressInputSchema],
  ['mesh mTLS', meshMtlsInputSchema],
] as const)('%s input schema', (_name, schema) => {
  it('describes every field, for the template form', () => {
    expect(schema.description).toBeTruthy();
    expect(undescribedFields(schema)).toEqual([]);
  });
});

it('notices an undescribed nested field (the check itself works)', () => {
  const schema = z.object({ a: z.array(z.object({ b: z.string() }).describe('x')).describe('y') });
  expect(undescribedFields(schema)).toEqual(['a.b']);
});
