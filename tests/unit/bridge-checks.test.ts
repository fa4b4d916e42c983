import { describe, expect, it } from 'vitest';
import { AuthThrottle } from '../../src/services/local-server/auth-throttle.js';
import { nestsDeeperThan } from '../../src/services/local-server/json-depth.js';
import { isAllowedHost, isLoopbackAddress, loopbackHosts } from '../../src/services/local-server/loopback.js';
import { RequestLimiter } from '../../src/services/local-server/request-limiter.js';
import { eventApiTokenProblem } from '../../src/shared/event-api-token.js';
import { createBridgeToken, tokensMatch } from '../../src/services/local-server/token.js';

describe('bridge token', () => {
  it('is 256 random bits, URL-safe, different every time', () => {
    const a = createBridgeToken();
    const b = createBridgeToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('matches only the exact token', () => {
    const token = createBridgeToken();
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch(token, `${token} `)).toBe(false);
    expect(tokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(tokensMatch(token, token.toUpperCase())).toBe(token === token.toUpperCase());
    expect(tokensMatch(token, '')).toBe(false);
    expect(tokensMatch(token, null)).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });
});

describe('loopback peers', () => {
  it('knows the loopback addresses from the rest', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of [
      '10.0.0.1',
      '192.168.1.2',
      '::ffff:10.0.0.1',
      'fe80::1',
      '',
      undefined,
      '128.0.0.1',
    ]) {
      expect(isLoopbackAddress(address)).toBe(false);
    }
  });
});

describe('Host names a loopback server answers to', () => {
  it('is its own address or localhost with its port, in any case; nothing else', () => {
    const allowed = loopbackHosts(8765);
    for (const host of ['127.0.0.1:8765', 'localhost:8765', 'LocalHost:8765'])
      expect(isAllowedHost(host, allowed)).toBe(true);
    for (const host of ['127.0.0.1', 'localhost', '127.0.0.1:8766', 'attacker.example:8765', '', undefined])
      expect(isAllowedHost(host, allowed)).toBe(false);
  });
});

describe('event API token strength', () => {
  it('wants at least 32 characters that are not a short pattern repeated', () => {
    expect(eventApiTokenProblem(createBridgeToken())).toBeNull();
    expect(eventApiTokenProblem('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(eventApiTokenProblem('a')).toMatch(/only 1 character long; it must be at least 32/);
    expect(eventApiTokenProblem('x'.repeat(31))).toMatch(/only 31 characters/);
    expect(eventApiTokenProblem('abcd'.repeat(10))).toMatch(/repeats 4 characters/);
  });
});

describe('wrong-token back-off', () => {
  it('lets a few failures through, then doubles the wait per failure up to the cap', () => {
    let now = 0;
    const throttle = new AuthThrottle({ freeFailures: 2, baseDelayMs: 100, maxDelayMs: 400, now: () => now });
    expect([throttle.failed('a'), throttle.failed('a')]).toEqual([0, 0]);
    expect(throttle.failed('a')).toBe(100);
    expect(throttle.waitMs('a')).toBe(100);
    expect(throttle.waitMs('b')).toBe(0);
    now += 100;
    expect(throttle.waitMs('a')).toBe(0);
    expect([throttle.failed('a'), throttle.failed('a'), throttle.failed('a')]).toEqual([200, 400, 400]);
    throttle.succeeded('a');
    expect(throttle.waitMs('a')).toBe(0);
    expect(throttle.failed('a')).toBe(0);
  });

  it('forgets an address after a quiet spell, and never remembers more than maxAddresses', () => {
    let now = 0;
    const throttle = new AuthThrottle({
      freeFailures: 0,
      baseDelayMs: 100,
      maxDelayMs: 400,
      maxAddresses: 3,
      now: () => now,
    });
    expect(throttle.failed('a')).toBe(100);
    now += 801;
    expect(throttle.waitMs('a')).toBe(0);
    expect(throttle.failed('a')).toBe(100);
    for (const address of ['b', 'c', 'd', 'e']) throttle.failed(address);
    expect(throttle.addresses).toBe(3);
    expect(throttle.waitMs('a')).toBe(0);
    expect(throttle.waitMs('e')).toBe(100);
  });
});

describe('per-client request rate', () => {
  it('runs a burst of twice the rate, refuses the next ones, then says to close', () => {
    const limiter = new RequestLimiter(10);
    const verdicts = Array.from({ length: 50 }, () => limiter.take());
    expect(verdicts.filter((v) => v === 'ok').length).toBeGreaterThanOrEqual(20);
    expect(verdicts.filter((v) => v === 'ok').length).toBeLessThan(22);
    expect(verdicts.filter((v) => v === 'refuse').length).toBeGreaterThanOrEqual(19);
    expect(verdicts.at(-1)).toBe('close');
  });
});

describe('nesting depth, read before parsing', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(nestsDeeperThan('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(nestsDeeperThan('{"a":"\\"[[[[","b":1}', 1)).toBe(false);
    expect(nestsDeeperThan('[]'.repeat(1000), 1)).toBe(false);
    expect(nestsDeeperThan(`${'['.repeat(65)}${']'.repeat(65)}`, 64)).toBe(true);
  });
});
