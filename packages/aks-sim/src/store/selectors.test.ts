import { compileFieldSelector, compileLabelSelector } from './selectors';

const object = (labels: Record<string, string>, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'n', namespace: 'ns', labels }, ...extra });

describe('label selectors', () => {
  it.each([
    ['a=b', true],
    ['a==b', true],
    ['a!=b', false],
    ['a in (x, b)', true],
    ['a notin (b)', false],
    ['a', true],
    ['!a', false],
    ['!missing,a=b', true],
    ['n>2', true],
    ['n<2', false],
    ['', true],
  ])('%s', (selector, expected) => {
    expect(compileLabelSelector(selector)(object({ a: 'b', n: '3' }))).toBe(expected);
  });

  it('rejects malformed selectors with 400', () => {
    expect(() => compileLabelSelector('a in (b')).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => compileLabelSelector('a=b=c')).toThrow(expect.objectContaining({ code: 400 }));
  });
});

describe('field selectors', () => {
  it('matches name, namespace and Secret type', () => {
    expect(compileFieldSelector('metadata.name=n,metadata.namespace!=other,type=Opaque', 'Secret')(object({}, { type: 'Opaque' }))).toBe(true);
    expect(compileFieldSelector('type=kubernetes.io/tls', 'Secret')(object({}, { type: 'Opaque' }))).toBe(false);
  });

  it('rejects fields the kind does not support', () => {
    expect(() => compileFieldSelector('type=Opaque', 'ConfigMap')).toThrow('field label not supported: type');
  });
});
