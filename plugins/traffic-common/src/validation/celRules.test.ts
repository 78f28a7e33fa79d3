import { FieldError } from './fieldErrors';
import {
  adaptExpression,
  kubeCelEnvironment,
  parseRequestUri,
} from './celLibrary';
import {
  collectRules,
  compileRule,
  escapeCelPropertyName,
  evaluateCelRules,
  parseFieldPath,
  toCelValue,
} from './celRules';
import azure from '../crds/azure.json';
import gatewayApiV121 from '../crds/gateway-api-v1.2.1.json';
import gatewayApiV151 from '../crds/gateway-api-v1.5.1.json';
import istio from '../crds/istio-1.28.json';
import type { JsonSchemaProps } from './schemaTypes';

const BUNDLES = [
  gatewayApiV121,
  gatewayApiV151,
  istio,
  azure,
] as unknown as Array<{
  bundle: string;
  crds: Array<{
    names: { kind: string };
    versions: Array<{ name: string; openAPIV3Schema: JsonSchemaProps }>;
  }>;
}>;

const ALL_RULES = BUNDLES.flatMap(bundle =>
  bundle.crds.flatMap(crd =>
    crd.versions.flatMap(version =>
      collectRules(version.openAPIV3Schema).map(({ path, rule }) => ({
        where: `${bundle.bundle} ${crd.names.kind} ${version.name} ${
          path || '<root>'
        }`,
        rule,
      })),
    ),
  ),
);

function evaluate(
  expression: string,
  self: unknown,
  oldSelf?: unknown,
): unknown {
  return kubeCelEnvironment().parse(adaptExpression(expression))({
    self,
    oldSelf,
  });
}

describe('CEL rules of every bundle', () => {
  it('finds the rules', () => {
    expect(ALL_RULES.length).toBeGreaterThan(400);
  });

  it('compiles every rule and messageExpression (a failure here means a rule would be skipped)', () => {
    const failures = ALL_RULES.flatMap(({ where, rule }) => {
      try {
        compileRule(rule);
        return [];
      } catch (error) {
        return [`${where}: ${(error as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });
});

describe('Kubernetes CEL library on cel-js', () => {
  it.each([
    ['self.matches("^[a-z]+$")', 'abc', true],
    ['self.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*$""")', 'MyService', true],
    ['self.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*$""")', '9bad', false],
    ['has(self.matches[0].path)', { matches: [{ path: {} }] }, true],
    ['has(self.matches[0].path)', { matches: [{}] }, false],
    ['self.all(h, !isIP(h))', ['example.com', '10.0.0.1'], false],
    [
      'isIP("2001:db8::1") && !isIP("1.2.3") && isCIDR("10.0.0.0/8")',
      null,
      true,
    ],
    [
      'url(self).getScheme() in ["http", "https"]',
      'https://example.com/jwks',
      true,
    ],
    ['isURL(self)', 'example.com/foo', false],
    [
      'isURL(self) && url(self).getHostname() == "h" && url(self).getPort() == "80"',
      'oci://h:80/p',
      true,
    ],
    ['self.split("/")[0].size() < 253', 'example.com/key', true],
    ['duration(self) >= duration("1ms")', '10s', true],
    [
      'self.lowerAscii().startsWith("abc") && self.indexOf("C") == 2',
      'ABC',
      true,
    ],
    [
      'self.all(key, 0 < int(key) && int(key) <= 65535)',
      { '80': {}, '65536': {} },
      false,
    ],
  ])('%s on %j is %s', (expression, self, expected) => {
    expect(evaluate(expression, self)).toBe(expected);
  });

  it('parses request URIs like Go url.ParseRequestURI', () => {
    expect(parseRequestUri('/just/a/path')?.escapedPath).toBe('/just/a/path');
    expect(parseRequestUri('localhost:8080')?.scheme).toBe('localhost'); // opaque, as in Go
    expect(parseRequestUri('http://[::1]:8080/x')?.hostname).toBe('::1');
    expect(parseRequestUri('http://bad host/')).toBeUndefined();
    expect(parseRequestUri('relative/path')).toBeUndefined();
    expect(parseRequestUri('/bad%zzescape')).toBeUndefined();
  });

  it('escapes property names like Kubernetes', () => {
    expect(escapeCelPropertyName('namespace')).toBe('__namespace__');
    expect(escapeCelPropertyName('x-y.z/w')).toBe(
      'x__dash__y__dot__z__slash__w',
    );
    expect(escapeCelPropertyName('a__b')).toBe('a__underscores__b');
    expect(escapeCelPropertyName('port')).toBe('port');
  });

  it('parses rule fieldPaths', () => {
    expect(parseFieldPath(".spec.foo['bar.baz']")).toEqual([
      'spec',
      'foo',
      'bar.baz',
    ]);
    expect(parseFieldPath(undefined)).toEqual([]);
  });
});

describe('evaluateCelRules', () => {
  const schema: JsonSchemaProps = {
    type: 'object',
    properties: {
      min: { type: 'integer' },
      max: { type: 'integer' },
      ratio: { type: 'number' },
      port: { 'x-kubernetes-int-or-string': true },
      namespace: { type: 'string' },
      labels: {
        type: 'object',
        additionalProperties: {
          type: 'string',
          'x-kubernetes-validations': [{ rule: 'self != "*"' }],
        },
      },
    },
    'x-kubernetes-validations': [
      {
        rule: 'self.min <= self.max',
        messageExpression:
          '"min " + string(self.min) + " exceeds max " + string(self.max)',
        fieldPath: '.min',
      },
      {
        rule: '!has(self.__namespace__) || self.__namespace__ != "forbidden"',
        reason: 'FieldValueForbidden',
        message: 'namespace not allowed',
      },
      {
        rule: 'type(self.ratio) == double && type(self.port) == int',
        message: 'types',
      },
      { rule: 'self.min == oldSelf.min', message: 'min is immutable' },
      { rule: 'self.nope == 1' },
    ],
  };

  function run(
    value: Record<string, unknown>,
    oldValue?: Record<string, unknown>,
  ): FieldError[] {
    const errors: FieldError[] = [];
    const old =
      oldValue === undefined ? undefined : toCelValue(schema, oldValue);
    evaluateCelRules(schema, toCelValue(schema, value), old, 'spec', errors);
    return errors;
  }

  it('binds integers as CEL ints, numbers as doubles, and honours messageExpression, fieldPath, reason', () => {
    const errors = run({
      min: 5,
      max: 1,
      ratio: 1,
      port: 80,
      namespace: 'forbidden',
      labels: { a: '*' },
    });
    expect(errors).toEqual([
      {
        field: 'spec.min',
        type: 'FieldValueInvalid',
        message: 'Invalid value: "object": min 5 exceeds max 1',
      },
      {
        field: 'spec',
        type: 'FieldValueForbidden',
        message: 'Forbidden: namespace not allowed',
      },
      {
        field: 'spec',
        type: 'FieldValueInvalid',
        message:
          'Invalid value: "object": no such key: nope evaluating rule: self.nope == 1',
      },
      {
        field: 'spec.labels[a]',
        type: 'FieldValueInvalid',
        message: 'Invalid value: "string": failed rule: self != "*"',
      },
    ]);
  });

  it('evaluates transition rules only with an old value', () => {
    const value = { min: 1, max: 2, ratio: 0.5, port: 8080, nope: 1 };
    expect(run(value)).toEqual([]);
    expect(
      run(value, { ...value, min: 0 }).map(error => error.message),
    ).toEqual(['Invalid value: "object": min is immutable']);
  });
});
