import { describe, expect, it } from 'vitest';
import {
  APP_RESPONSE_PAYLOADS,
  AppEvent,
  AppRequest,
  parseAppResponse,
  type AppRequestType,
} from '../../src/shared/app-protocol.js';
import { BridgeClientMessage, BridgeServerMessage } from '../../src/shared/bridge-protocol.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';

describe('AppRequest', () => {
  it('accepts each request the window sends, filling in defaults', () => {
    expect(AppRequest.parse({ type: 'dictation_start' })).toEqual({ type: 'dictation_start', trigger: 'ui' });
    expect(AppRequest.parse({ type: 'history_search', query: 'kube', limit: 20 })).toMatchObject({
      query: 'kube',
    });
    expect(AppRequest.parse({ type: 'settings_update', patch: { vad: { silenceMs: 900 } } })).toBeTruthy();
    expect(AppRequest.parse({ type: 'jobs', command: { type: 'list' } })).toBeTruthy();
    expect(AppRequest.parse({ type: 'models', command: { type: 'list', timestamp: 1 } })).toBeTruthy();
  });

  it('refuses unknown requests, bad fields and settings the shared schema does not have', () => {
    expect(AppRequest.safeParse({ type: 'shell_exec', command: 'rm -rf /' }).success).toBe(false);
    expect(AppRequest.safeParse({ type: 'history_delete', id: 42 }).success).toBe(false);
    expect(AppRequest.safeParse({ type: 'history_list', limit: 10_000 }).success).toBe(false);
    expect(AppRequest.safeParse({ type: 'dictation_start', trigger: 'telepathy' }).success).toBe(false);
    expect(AppRequest.safeParse({ type: 'settings_update', patch: { vad: { silenceMs: 5 } } }).success).toBe(
      false,
    );
    expect(
      AppRequest.safeParse({ type: 'settings_update', patch: { app: { shell: '/bin/sh' } } }).success,
    ).toBe(false);
    expect(AppRequest.safeParse({ type: 'copy_text', text: 'x'.repeat(1_000_001) }).success).toBe(false);
  });
});

describe('responses', () => {
  it('has a payload schema for every request type', () => {
    const types = AppRequest.options.map((option) => option.shape.type.value);
    expect(Object.keys(APP_RESPONSE_PAYLOADS).sort()).toEqual([...types].sort());
  });

  it('passes a well-formed answer through and turns a malformed one into an error naming the request', () => {
    const ok = parseAppResponse('settings_update', { ok: true, payload: DEFAULT_SETTINGS });
    expect(ok).toEqual({ ok: true, payload: DEFAULT_SETTINGS });
    const failed = parseAppResponse('history_delete', {
      ok: false,
      error: { kind: 'io', message: 'disk gone' },
    });
    expect(failed).toEqual({ ok: false, error: { kind: 'io', message: 'disk gone' } });
    const type: AppRequestType = 'history_list';
    const bad = parseAppResponse(type, { ok: true, payload: { entries: 'none' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.kind).toBe('invalid_message');
      expect(bad.error.message).toContain('"history_list"');
    }
  });
});

describe('AppEvent', () => {
  it('carries dictation, app, job and model events, each with a type and a timestamp', () => {
    const status = { phase: 'recording', sessionId: 's1', recordingSince: 1000, error: null };
    expect(AppEvent.parse({ type: 'state', timestamp: 1, status })).toBeTruthy();
    expect(
      AppEvent.parse({ type: 'transcript', timestamp: 1, sessionId: 's1', text: 'hi', isFinal: false }),
    ).toBeTruthy();
    expect(
      AppEvent.parse({ type: 'history_changed', timestamp: 1, reason: 'added', ids: ['a'] }),
    ).toBeTruthy();
    expect(
      AppEvent.parse({ type: 'notice', timestamp: 1, level: 'warning', message: 'Copied - press Ctrl+V' }),
    ).toBeTruthy();
    expect(AppEvent.parse({ type: 'job_removed', timestamp: 1, jobId: crypto.randomUUID() })).toBeTruthy();
    expect(AppEvent.parse({ type: 'model_removed', timestamp: 1, name: 'base.en' })).toBeTruthy();
    expect(
      AppEvent.safeParse({ type: 'transcript', sessionId: 's1', text: 'hi', isFinal: true }).success,
    ).toBe(false);
    expect(AppEvent.safeParse({ type: 'unheard_of', timestamp: 1 }).success).toBe(false);
  });
});

describe('bridge envelopes', () => {
  it('needs a numeric id on requests and a known kind both ways', () => {
    expect(
      BridgeClientMessage.safeParse({ kind: 'request', id: 1, request: { type: 'get_state' } }).success,
    ).toBe(true);
    expect(BridgeClientMessage.safeParse({ kind: 'request', id: 'x', request: {} }).success).toBe(false);
    expect(BridgeClientMessage.safeParse({ kind: 'event', event: {} }).success).toBe(false);
    expect(BridgeServerMessage.safeParse({ kind: 'hello', protocolVersion: 1 }).success).toBe(true);
    expect(BridgeServerMessage.safeParse({ kind: 'hello' }).success).toBe(false);
  });
});
