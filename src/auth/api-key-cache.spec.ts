import type { Actor } from '../request-context/request-context';
import { ApiKeyCache } from './api-key-cache';

const actor = (keyId: string): Actor => ({ keyId, name: `key ${keyId}`, role: 'manager' });

describe('ApiKeyCache', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('answers from memory until the entry expires', () => {
    const cache = new ApiKeyCache(2_000, 10, now);
    cache.set('hash-a', actor('a'));
    clock += 1_999;
    expect(cache.get('hash-a')).toEqual(actor('a'));
    clock += 1;
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('forgets a revoked key at once', () => {
    const cache = new ApiKeyCache(2_000, 10, now);
    cache.set('hash-a', actor('a'));
    cache.set('hash-b', actor('b'));
    cache.forgetKey('a');
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-b')).toEqual(actor('b'));
  });

  it('does not keep a lookup that started before a revocation was forgotten', () => {
    const cache = new ApiKeyCache(2_000, 10, now);
    const lookupStarted = cache.generation;
    cache.forgetKey('a');
    cache.set('hash-a', actor('a'), lookupStarted);
    expect(cache.get('hash-a')).toBeUndefined();
    cache.set('hash-a', actor('a'), cache.generation);
    expect(cache.get('hash-a')).toEqual(actor('a'));
  });

  it('keeps nothing with a TTL of 0', () => {
    const cache = new ApiKeyCache(0, 10, now);
    cache.set('hash-a', actor('a'));
    expect(cache.get('hash-a')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new ApiKeyCache(2_000, 2, now);
    cache.set('hash-a', actor('a'));
    cache.set('hash-b', actor('b'));
    cache.set('hash-c', actor('c'));
    expect(cache.get('hash-a')).toBeUndefined();
    expect(cache.get('hash-b')).toEqual(actor('b'));
    expect(cache.get('hash-c')).toEqual(actor('c'));
  });
});
