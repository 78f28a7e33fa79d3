import {
  certificateNameCovers,
  gatewayHostnameMatches,
  intersectHostnames,
} from './hostnames';

describe('Gateway API hostname matching (wildcard: one or more labels)', () => {
  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.a.example.com', true],
    ['*.a.example.com', '*.example.com', false],
    ['app.example.com', 'APP.example.com', true],
    ['app.example.com', 'api.example.com', false],
  ])('%s matches %s: %s', (pattern, host, expected) => {
    expect(gatewayHostnameMatches(pattern, host)).toBe(expected);
  });

  it('intersects a listener and a route hostname', () => {
    expect(intersectHostnames(undefined, 'a.example.com')).toBe(
      'a.example.com',
    );
    expect(intersectHostnames('*.example.com', 'a.example.com')).toBe(
      'a.example.com',
    );
    expect(intersectHostnames('a.example.com', '*.example.com')).toBe(
      'a.example.com',
    );
    expect(
      intersectHostnames('a.example.com', 'b.example.com'),
    ).toBeUndefined();
  });
});

describe('certificate name coverage (wildcard: exactly one label)', () => {
  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['example.com', 'Example.COM.', true],
  ])('%s covers %s: %s', (name, host, expected) => {
    expect(certificateNameCovers(name, host)).toBe(expected);
  });
});
