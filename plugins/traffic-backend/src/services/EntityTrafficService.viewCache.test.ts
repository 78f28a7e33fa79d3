import { ViewCache } from './EntityTrafficService.viewCache';

describe('ViewCache', () => {
  it('serves an entry while the version is unchanged and the ttl has not passed', () => {
    const cache = new ViewCache({ ttlMs: 1000, maxBytes: 1e6 });
    cache.set('a', { version: 1, found: true, fragment: '{"routes":[]}' }, 0);
    expect(cache.get('a', 1, 999)?.fragment).toBe('{"routes":[]}');
    expect(cache.get('a', 2, 10)).toBeUndefined();
    // A stale entry is dropped.
    expect(cache.get('a', 1, 10)).toBeUndefined();
    cache.set('b', { version: 1, found: false }, 0);
    expect(cache.get('b', 1, 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entries past its size budget', () => {
    const fragment = `{"x":"${'y'.repeat(100)}"}`;
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
    cache.fill('a', entry, '{"routes":[]}');
    expect(cache.get('a', 1, 0)?.fragment).toBe('{"routes":[]}');
  });
});
