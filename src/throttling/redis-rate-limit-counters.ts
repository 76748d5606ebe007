import type { Redis } from 'ioredis';
import type { CounterWindow, LimitedHit, RateLimitCounters } from './rate-limit-counters';

/*
 * Each operation is one Lua script: Redis runs it atomically, so concurrent hits from any
 * number of instances are counted exactly, with one round trip. PTTL answers -2 for a missing
 * key and -1 for a key without expiry; a window key always gets one.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

const PEEK = `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return {0, 0} end
return {hits, ttl}`;

// KEYS: hits, block. ARGV: windowMs, limit, blockMs. Mirrors InMemoryRateLimitCounters.limitedHit.
const LIMITED_HIT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return {hits, math.max(redis.call('PTTL', KEYS[1]), 0), blocked}
end
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  local block = math.max(tonumber(ARGV[3]), 1)
  redis.call('SET', KEYS[2], '1', 'PX', block)
  if ttl < block then
    redis.call('PEXPIRE', KEYS[1], block)
    ttl = block
  end
  return {hits, ttl, block}
end
return {hits, ttl, 0}`;

type ScriptResult = [number, number, number?];

interface CounterCommands {
  cmsIncrement(key: string, windowMs: number): Promise<ScriptResult>;
  cmsPeek(key: string): Promise<ScriptResult>;
  cmsLimitedHit(
    hitsKey: string,
    blockKey: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<ScriptResult>;
}

/**
 * Counters shared by every instance that uses the same Redis and key prefix. Keys carry a hash
 * tag (`{prefix:key}`) so a key's window and block land on one slot of a Redis Cluster.
 */
export class RedisRateLimitCounters implements RateLimitCounters {
  private readonly commands: CounterCommands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('cmsIncrement', { numberOfKeys: 1, lua: INCREMENT });
    redis.defineCommand('cmsPeek', { numberOfKeys: 1, lua: PEEK });
    redis.defineCommand('cmsLimitedHit', { numberOfKeys: 2, lua: LIMITED_HIT });
    this.commands = redis as unknown as CounterCommands;
  }

  async increment(key: string, windowMs: number): Promise<CounterWindow> {
    const [hits, resetInMs] = await this.commands.cmsIncrement(this.key(key), windowMs);
    return { hits, resetInMs };
  }

  async peek(key: string): Promise<CounterWindow> {
    const [hits, resetInMs] = await this.commands.cmsPeek(this.key(key));
    return { hits, resetInMs };
  }

  async limitedHit(
    key: string,
    windowMs: number,
    limit: number,
    blockMs: number,
  ): Promise<LimitedHit> {
    const base = this.key(key);
    const [hits, resetInMs, blockedForMs = 0] = await this.commands.cmsLimitedHit(
      base,
      `${base}:block`,
      windowMs,
      limit,
      blockMs,
    );
    return { hits, resetInMs, blockedForMs };
  }

  private key(key: string): string {
    return `{${this.prefix}${key}}`;
  }
}
