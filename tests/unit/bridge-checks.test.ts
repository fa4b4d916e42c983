import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../src/services/local-server/loopback.js';
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
