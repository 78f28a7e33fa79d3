import { FieldError } from './fieldErrors';
import { compileRe2, translateRe2 } from './re2';
import { checkStringFormat, isIPv4, isIPv6 } from './formats';
import { pruneAndDefault } from './defaulting';
import { validateStructure } from './structural';
import type { JsonSchemaProps } from './schemaTypes';

function validate(schema: JsonSchemaProps, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  validateStructure(schema, value, 'spec.x', errors);
  return errors;
}

describe('validateStructure', () => {
  it('counts maxLength in Unicode code points', () => {
    expect(validate({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
    expect(validate({ type: 'string', maxLength: 2 }, 'abc')).toEqual([
      {
        field: 'spec.x',
        type: 'FieldValueTooLong',
        message: 'Too long: may not be more than 2 bytes',
      },
    ]);
  });

  it('distinguishes integer from number and accepts int-or-string', () => {
    expect(validate({ type: 'integer' }, 1.5)).toEqual([
      {
        field: 'spec.x',
        type: 'FieldValueTypeInvalid',
        message: 'Invalid value: "number": must be of type integer: "number"',
      },
    ]);
    expect(validate({ type: 'number' }, 1)).toEqual([]);
    expect(validate({ 'x-kubernetes-int-or-string': true }, '50%')).toEqual([]);
    expect(validate({ 'x-kubernetes-int-or-string': true }, true)).toHaveLength(
      1,
    );
  });

  it('checks exclusive bounds, min items and properties, nullable', () => {
    expect(
      validate({ type: 'integer', maximum: 10, exclusiveMaximum: true }, 10)[0]
        .message,
    ).toBe('Invalid value: 10: should be less than 10');
    expect(validate({ type: 'array', minItems: 1 }, [])[0].message).toBe(
      'Invalid value: []interface {}{}: should have at least 1 items',
    );
    expect(
      validate({ type: 'object', maxProperties: 1 }, { a: 1, b: 2 })[0].type,
    ).toBe('FieldValueTooMany');
    expect(validate({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(validate({ type: 'string' }, null)[0].type).toBe(
      'FieldValueTypeInvalid',
    );
  });

  it('checks enum, pattern and format with API server wording', () => {
    expect(
      validate({ type: 'string', enum: ['A', 'B'] }, 'Foo')[0].message,
    ).toBe('Unsupported value: "Foo": supported values: "A", "B"');
    expect(validate({ type: 'string', pattern: '^a+$' }, 'b')[0].message).toBe(
      'Invalid value: "b": should match \'^a+$\'',
    );
    expect(
      validate({ type: 'string', format: 'ipv4' }, '1.1.1')[0].message,
    ).toBe('Invalid value: "1.1.1": must be of type ipv4: "1.1.1"');
    expect(validate({ type: 'integer', format: 'int32' }, 2 ** 40)).toEqual([]); // the API server does not check int32
  });

  it('reports duplicates in set and map lists', () => {
    expect(
      validate(
        {
          type: 'array',
          'x-kubernetes-list-type': 'set',
          items: { type: 'string' },
        },
        ['a', 'a'],
      ),
    ).toEqual([
      {
        field: 'spec.x[1]',
        type: 'FieldValueDuplicate',
        message: 'Duplicate value: "a"',
      },
    ]);
    const mapList: JsonSchemaProps = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name', 'port'],
      items: { type: 'object' },
    };
    expect(
      validate(mapList, [
        { name: 'a', port: 1 },
        { name: 'a', port: 2 },
      ]),
    ).toEqual([]);
    expect(
      validate(mapList, [
        { name: 'a', port: 1 },
        { name: 'a', port: 1 },
      ])[0].message,
    ).toBe('Duplicate value: map[string]interface {}{"name":"a", "port":1}');
  });
});

describe('pruneAndDefault', () => {
  it('drops non-nullable nulls, then defaults, and defaults inside defaults', () => {
    const schema: JsonSchemaProps = {
      type: 'object',
      properties: {
        a: { type: 'string', default: 'x' },
        b: {
          type: 'object',
          default: {},
          properties: { c: { type: 'integer', default: 3 } },
        },
        d: { type: 'string', nullable: true },
      },
    };
    const value: Record<string, unknown> = { a: null, d: null, e: 1 };
    const pruned: string[] = [];
    pruneAndDefault(schema, value, 'spec', pruned);
    expect(value).toEqual({ a: 'x', b: { c: 3 }, d: null });
    expect(pruned).toEqual(['spec.e']);
  });
});

describe('RE2 translation', () => {
  it('translates inline flags, \\z, \\Q...\\E and POSIX classes', () => {
    expect(compileRe2('^(?i)abc$').test('ABC')).toBe(true);
    expect(compileRe2('^a(?i:b)c$').test('aBc')).toBe(true);
    expect(compileRe2('^a\\z').test('a')).toBe(true);
    expect(compileRe2('^\\Q*.+\\E$').test('*.+')).toBe(true);
    expect(compileRe2('^[[:alpha:]]+$').test('abcXYZ')).toBe(true);
    expect(compileRe2('^\\s$').test('\u00a0')).toBe(false); // Go's \s is ASCII only
    expect(translateRe2('(?P<n>x)').source).toBe('(?<n>x)');
  });
});

describe('formats', () => {
  it.each(['1.2.3.4', '255.255.255.255'])('accepts IPv4 %s', address =>
    expect(isIPv4(address)).toBe(true),
  );
  it.each(['1.1.1', '1.a.3.4', '256.255.255.255', '01.2.3.4'])(
    'rejects IPv4 %s',
    address => expect(isIPv4(address)).toBe(false),
  );
  it.each(['::1', '2001:db8::1', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8'])(
    'accepts IPv6 %s',
    address => expect(isIPv6(address)).toBe(true),
  );
  it.each([
    '1200:0000:::AB00:1234:0000:2552:7777:1313',
    '21DA:D3:0:2F3B:2AY:FF:FE28:9C5A',
    '2001:db8:3c4d:15:0:d234:3eee:',
    ':::1234::',
  ])('rejects IPv6 %s', address => expect(isIPv6(address)).toBe(false));
  it('checks date-time and leaves unknown formats alone', () => {
    expect(checkStringFormat('date-time', '2024-01-15T14:30:45Z')).toBe(true);
    expect(checkStringFormat('date-time', '2024-13-15T14:30:45Z')).toBe(false);
    expect(checkStringFormat('int32', 'x')).toBeUndefined();
  });
});
