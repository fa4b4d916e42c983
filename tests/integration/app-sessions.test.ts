import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppPayload, AppRequestOf, AppRequestType, AppResponse } from '../../src/shared/app-protocol.js';
import type { RecordedSessionInfo } from '../../src/shared/sessions.js';
import { parseSrtStrict, parseVttStrict } from '../helpers/caption-parsers.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { seedSession, startSessionsApp, type SessionsApp } from '../helpers/sessions-app.js';

// The real app runtime (engine + micro model, settings file, Integrations with the real event API and
// SessionRecorder) through the app core's request handler, which is what the window's IPC and the
// loopback bridge call. Sessions are written by the real SessionRecorder; nothing is stubbed.
let app: SessionsApp;
let finished: string;
let killed: string;
const out = makeTempDir('dictation-session-export-');
const port = 20_000 + Math.floor(Math.random() * 20_000);

beforeAll(async () => {
  app = await startSessionsApp({
    integrations: { recordSessions: true, eventApiEnabled: true, eventApiPort: port },
    seed: (dir) => {
      finished = seedSession(
        dir,
        [
          { seconds: 2, offsetMs: 300, speechMs: 1200, text: 'first <words> & more' },
          { seconds: 3, offsetMs: 500, speechMs: 2000, text: 'second dictation' },
        ],
        { stop: true },
      );
      killed = seedSession(dir, [{ seconds: 1.5, offsetMs: 0, speechMs: 1000, text: 'cut off' }], {
        stop: false,
      });
    },
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  out.cleanup();
});

async function ask<T extends AppRequestType>(request: AppRequestOf<T>): Promise<AppPayload<T>> {
  const response = (await answerRawRequest(app.runtime.core, request)) as AppResponse<T>;
  if (!response.ok) throw new Error(`${request.type}: ${response.error.kind}: ${response.error.message}`);
  return response.payload;
}

async function refusal(request: object): Promise<{ kind: string; message: string; hint?: string }> {
  const response = await answerRawRequest(app.runtime.core, request);
  if (response.ok) throw new Error(`accepted: ${JSON.stringify(request)}`);
  return response.error;
}

const byId = (sessions: RecordedSessionInfo[], id: string) => {
  const found = sessions.find((s) => s.id === id);
  if (!found) throw new Error(`session ${id} is not listed`);
  return found;
};

interface Client {
  status: number;
  ws: WebSocket;
  /** Every message received, from the first (the hello can arrive with the upgrade answer). */
  messages: { type: string }[];
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function connect(token: string): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/events?token=${encodeURIComponent(token)}`);
  const messages: { type: string }[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as { type: string }));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, ws, messages }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws, messages }));
    ws.once('error', reject);
  });
}

describe('recorded sessions through the app core', () => {
  it('lists what the real SessionRecorder wrote, with durations, counts and the crash repair', async () => {
    const { sessions, sessionsDir } = await ask({ type: 'sessions_list' });
    expect(sessionsDir).toBe(app.paths.sessionsDir);
    expect(byId(sessions, finished)).toMatchObject({
      dictations: 2,
      durationMs: 5000,
      recovered: false,
      inProgress: false,
      model: 'ggml-base.en.bin',
      language: 'en',
    });
    const repaired = byId(sessions, killed);
    expect(repaired).toMatchObject({ dictations: 1, durationMs: 1500, recovered: true, inProgress: false });
    expect(repaired.endedAt).not.toBeNull();
    expect(app.events.some((e) => e.type === 'sessions_changed' && e.reason === 'repaired')).toBe(true);
  });

  it('shows the session being recorded as in progress, with its real length', async () => {
    const before = app.events.length;
    await app.dictate();
    const { sessions } = await ask({ type: 'sessions_list' });
    const live = sessions.filter((s) => s.inProgress);
    expect(live).toHaveLength(1);
    const [current] = live as [RecordedSessionInfo];
    expect(current.dictations).toBe(1);
    expect(current.endedAt).toBeNull();
    // The length the WAV's own header gives (16 kHz, 16-bit mono).
    const dataBytes = readFileSync(current.audioFile).readUInt32LE(40);
    expect(current.durationMs).toBeCloseTo(dataBytes / 32, 3);
    expect(current.durationMs).toBeGreaterThan(2000);
    expect((await ask({ type: 'integrations_status' })).recordingSessionId).toBe(current.id);
    const fresh = app.events.slice(before);
    expect(fresh.some((e) => e.type === 'sessions_changed' && e.reason === 'recorded')).toBe(true);

    const busy = await refusal({ type: 'session_delete', sessionId: current.id });
    expect(busy.kind).toBe('busy');
    expect(busy.hint).toContain('Record sessions');
  });

  it('exports captions whose cue times are where each dictation sits in the WAV', async () => {
    const vttFile = path.join(out.dir, 'talk.vtt');
    expect(await ask({ type: 'session_export', sessionId: finished, format: 'vtt', path: vttFile })).toEqual({
      path: vttFile,
    });
    const vtt = parseVttStrict(readFileSync(vttFile, 'utf8'));
    // Dictation 1 starts at 0 in the WAV, its speech 300 ms in; dictation 2 starts after 2 s of audio.
    expect(vtt.map((c) => [c.startMs, c.endMs])).toEqual([
      [300, 1500],
      [2500, 4500],
    ]);
    expect(vtt[0]?.text).toBe('first &lt;words&gt; &amp; more');

    const srtFile = path.join(out.dir, 'talk.srt');
    await ask({ type: 'session_export', sessionId: finished, format: 'srt', path: srtFile });
    const srt = parseSrtStrict(readFileSync(srtFile, 'utf8'));
    expect(srt.map((c) => [c.startMs, c.endMs, c.text])).toEqual([
      [300, 1500, 'first <words> & more'],
      [2500, 4500, 'second dictation'],
    ]);
    const txtFile = path.join(out.dir, 'talk.txt');
    await ask({ type: 'session_export', sessionId: finished, format: 'txt', path: txtFile });
    expect(readFileSync(txtFile, 'utf8')).toBe('first <words> & more second dictation\n');
  });

  it('refuses exports that would replace a file, have no full path or the wrong extension', async () => {
    const existing = path.join(out.dir, 'keep.vtt');
    writeFileSync(existing, 'mine');
    const exists = await refusal({
      type: 'session_export',
      sessionId: finished,
      format: 'vtt',
      path: existing,
    });
    expect(exists.kind).toBe('output_exists');
    expect(readFileSync(existing, 'utf8')).toBe('mine');
    const relative = await refusal({
      type: 'session_export',
      sessionId: finished,
      format: 'vtt',
      path: 'a.vtt',
    });
    expect(relative).toMatchObject({ kind: 'invalid_request' });
    expect(relative.message).toContain('not a full path');
    const wrongExt = await refusal({
      type: 'session_export',
      sessionId: finished,
      format: 'srt',
      path: path.join(out.dir, 'x.sh'),
    });
    expect(wrongExt.message).toContain('does not end in .srt');
    expect(existsSync(path.join(out.dir, 'x.sh'))).toBe(false);
    // No desktop shell here: no save dialog, and the hint says to type a path.
    const noDialog = await refusal({ type: 'session_export', sessionId: finished, format: 'vtt' });
    expect(noDialog.kind).toBe('unavailable');
    expect(noDialog.hint).toContain('Type the full path');
  });

  it('refuses malformed session commands with what was wrong', async () => {
    const traversal = await refusal({ type: 'session_delete', sessionId: '../../etc' });
    expect(traversal.kind).toBe('invalid_request');
    expect(traversal.message).toContain('sessionId must be the id of a recorded session');
    const json = await refusal({
      type: 'session_export',
      sessionId: finished,
      format: 'json',
      path: '/tmp/x',
    });
    expect(json.kind).toBe('invalid_request');
    expect(json.message).toContain('format');
    const extra = await refusal({ type: 'event_api_regenerate_token', token: 'mine' });
    expect(extra.kind).toBe('invalid_request');
    expect(extra.message).toContain('token');
    const unknown = await refusal({
      type: 'session_delete',
      sessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.kind).toBe('session_not_found');
  });

  it('deletes a session folder and its files', async () => {
    const session = byId((await ask({ type: 'sessions_list' })).sessions, killed);
    expect(existsSync(session.audioFile)).toBe(true);
    expect(await ask({ type: 'session_delete', sessionId: killed })).toEqual({ deleted: true });
    expect(existsSync(session.folder)).toBe(false);
    const { sessions } = await ask({ type: 'sessions_list' });
    expect(sessions.map((s) => s.id)).not.toContain(killed);
    expect(app.events.some((e) => e.type === 'sessions_changed' && e.reason === 'deleted')).toBe(true);
  });
});

describe('the event API token and status', () => {
  it('regenerating the token drops and refuses the old one; the new one connects', async () => {
    const status = await ask({ type: 'integrations_status' });
    expect(status.eventApi).toMatchObject({ state: 'listening', port, url: `ws://127.0.0.1:${port}/events` });
    const oldToken = app.runtime.settings.get().integrations.eventApiToken;
    const first = await connect(oldToken);
    expect(first.status).toBe(101);
    const dropped = new Promise<number>((resolve) => first.ws.once('close', (code) => resolve(code)));

    const { token } = await ask({ type: 'event_api_regenerate_token' });
    expect(token).not.toBe(oldToken);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(app.runtime.settings.get().integrations.eventApiToken).toBe(token);
    expect(await dropped).toBe(1001);

    const refused = await connect(oldToken);
    expect(refused.status).toBe(401);
    const accepted = await connect(token);
    expect(accepted.status).toBe(101);
    await expect.poll(() => accepted.messages[0]?.type).toBe('hello');
    expect((await ask({ type: 'integrations_status' })).eventApi).toMatchObject({ clients: 1 });
    accepted.ws.close();
  });

  it('says when the port is taken, and what to do', async () => {
    const blocker: Server = createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const before = app.events.length;
      await ask({ type: 'settings_update', patch: { integrations: { eventApiPort: taken } } });
      await expect
        .poll(async () => (await ask({ type: 'integrations_status' })).eventApi.state)
        .toBe('failed');
      const { eventApi } = await ask({ type: 'integrations_status' });
      if (eventApi.state !== 'failed') throw new Error('not failed');
      expect(eventApi.message).toContain(`Port ${taken} is already in use`);
      expect(eventApi.hint).toContain('Choose another port');
      expect(app.events.slice(before).some((e) => e.type === 'integrations_changed')).toBe(true);
    } finally {
      blocker.close();
    }
    await ask({ type: 'settings_update', patch: { integrations: { eventApiPort: port } } });
    await expect
      .poll(async () => (await ask({ type: 'integrations_status' })).eventApi.state)
      .toBe('listening');
  });
});
