import { BodyCache, ViewCache } from './EntityTrafficService.viewCache';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('ViewCache', () => {
  it('serves an entry while the version is unchanged and the ttl has not passed', () => {
    const cache = new ViewCache({ ttlMs: 1000, maxBytes: 1e6 });
    cache.set('a', { version: 1, found: true, fragment: bytes('"routes":[]}') }, 0);
    expect(cache.get('a', 1, 999)?.fragment?.toString()).toBe('"routes":[]}');
    expect(cache.get('a', 2, 10)).toBeUndefined();
    // A stale entry is dropped.
    expect(cache.get('a', 1, 10)).toBeUndefined();
    cache.set('b', { version: 1, found: false }, 0);
    expect(cache.get('b', 1, 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entries past its size budget', () => {
    const fragment = bytes(`"x":"${'y'.repeat(200)}"}`);
    const cache = new ViewCache({ ttlMs: 1000, maxBytes: 700 });
    cache.set('a', { version: 1, found: true, fragment }, 0);
    cache.set('b', { version: 1, found: true, fragment }, 0);
    cache.get('a', 1, 0);
    cache.set('c', { version: 1, found: true, fragment }, 0);
    expect(cache.get('b', 1, 0)).toBeUndefined();
    expect(cache.get('a', 1, 0)).toBeDefined();
    expect(cache.get('c', 1, 0)).toBeDefined();
  });

  it('fills an entry stored without a fragment', () => {
    const cache = new ViewCache({ ttlMs: 1000, maxBytes: 1e6 });
    const entry = cache.set('a', { version: 1, found: false }, 0);
    cache.fill('a', entry, bytes('"routes":[]}'));
    expect(cache.get('a', 1, 0)?.fragment?.toString()).toBe('"routes":[]}');
  });
});

describe('BodyCache', () => {
  it('reuses the assembled body while every part is the same', () => {
    const cache = new BodyCache({ maxBytes: 1e6 });
    const fragment = bytes('"routes":[]}');
    const first = cache.assemble('k', ['"clusters":[{"cluster":"a",', fragment, ']}']);
    expect(first.toString()).toBe('"clusters":[{"cluster":"a","routes":[]}]}');
    // Equal head strings and the same fragment buffer: the stored bytes.
    expect(cache.assemble('k', ['"clusters":[{"cluster":"a",', fragment, ']}'])).toBe(first);
    // A changed head (status) or another fragment buffer (new view) assembles again.
    const changed = cache.assemble('k', ['"clusters":[{"cluster":"b",', fragment, ']}']);
    expect(changed.toString()).toBe('"clusters":[{"cluster":"b","routes":[]}]}');
    const renewed = cache.assemble('k', ['"clusters":[{"cluster":"b",', bytes('"routes":[]}'), ']}']);
    expect(renewed).not.toBe(changed);
    expect(renewed.toString()).toBe(changed.toString());
  });

  it('serves the stored body without its parts while the versions hold and it has not expired', () => {
    const cache = new BodyCache({ maxBytes: 1e6 });
    const body = cache.assemble('k', ['{', bytes('"a":1}')], { versions: [1, 5], expires: 1000 });
    expect(cache.current('k', [1, 5], 999)).toBe(body);
    expect(cache.current('k', [1, 6], 999)).toBeUndefined();
    expect(cache.current('k', [1], 999)).toBeUndefined();
    expect(cache.current('k', [1, 5], 1000)).toBeUndefined();
    expect(cache.current('other', [1, 5], 0)).toBeUndefined();
    // Assembled with a transient part (a cold cluster): never served without its parts.
    cache.assemble('k', ['{', bytes('"a":1}')]);
    expect(cache.current('k', [1, 5], 0)).toBeUndefined();
  });

  it('keeps assembled bodies within its size budget, least recently used out first', () => {
    const fragment = bytes(`"x":"${'y'.repeat(200)}"}`);
    const cache = new BodyCache({ maxBytes: 1200 });
    const a = cache.assemble('a', ['{', fragment]);
    cache.assemble('b', ['{', fragment]);
    cache.assemble('a', ['{', fragment]);
    cache.assemble('c', ['{', fragment]);
    expect(cache.size).toBe(2);
    expect(cache.assemble('a', ['{', fragment])).toBe(a);
    // Too large to keep at all: assembled, not stored.
    const big = bytes('z'.repeat(2000));
    expect(cache.assemble('d', [big]).length).toBe(2000);
    expect(cache.size).toBe(2);
  });
});
