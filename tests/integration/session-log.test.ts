import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionLog } from '../../src/services/run-log/session-log.js';
import { SessionEventRecorder } from '../../src/services/run-log/session-event-recorder.js';
import type { DeliveryResult } from '../../src/shared/delivery.js';
import { AppError } from '../../src/shared/errors.js';
import { SessionLogEvent } from '../../src/shared/session-log.js';
import { makeTempDir } from '../helpers/fixtures.js';

const temps: (() => void)[] = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

function tempDir(): string {
  const { dir, cleanup } = makeTempDir('dictation-session-log-');
  temps.push(cleanup);
  return dir;
}

function readEvents(file: string): SessionLogEvent[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => SessionLogEvent.parse(JSON.parse(line)));
}

const delivery: DeliveryResult = {
  method: 'copy',
  ok: false,
  backend: 'none',
  keystroke: null,
  target: null,
  consumption: null,
  clipboard: 'left-with-text',
  fallback: { code: 'no_desktop_session', message: 'no desktop' },
  notice: 'Copied - press Ctrl+V',
  timings: {
    targetMs: null,
    clipboardSaveMs: null,
    clipboardSetMs: null,
    keystrokeMs: null,
    consumeWaitMs: null,
    clipboardRestoreMs: null,
    totalMs: 3,
  },
};

describe('session event log (one JSON line per event, one file per run)', () => {
  it('writes a dictation journey as schema-valid lines in order, in logsDir/sessions/<date>-<id>.jsonl', async () => {
    const dir = tempDir();
    const log = await SessionLog.open({ dir, now: () => new Date('2025-03-04T05:06:07.089Z') });
    expect(path.basename(log.file)).toMatch(/^2025-03-04T05-06-07-089Z-[0-9a-f]{8}\.jsonl$/);
    const recorder = new SessionEventRecorder(log);
    log.write({ type: 'session_start', appVersion: '1.2.3', platform: 'linux', pid: 42 });
    const t = 1_000_000;
    const status = (phase: 'idle' | 'recording' | 'transcribing', sessionId: string | null, since = t) => ({
      phase,
      sessionId,
      recordingSince: phase === 'recording' ? since : null,
      error: null,
    });
    recorder.onDictationEvent({ type: 'state', timestamp: t, status: status('recording', 's1') });
    recorder.onDictationEvent({ type: 'level', timestamp: t + 10, rms: 0.1, peak: 0.2 });
    recorder.onDictationEvent({ type: 'speech_start', timestamp: t + 300, sessionId: 's1', atMs: 810 });
    recorder.onDictationEvent({
      type: 'transcript',
      timestamp: t + 900,
      sessionId: 's1',
      text: 'hello',
      isFinal: false,
    });
    recorder.onDictationEvent({ type: 'speech_end', timestamp: t + 1500, sessionId: 's1', atMs: 1900 });
    recorder.onDictationEvent({ type: 'state', timestamp: t + 1600, status: status('transcribing', 's1') });
    recorder.onDictationEvent({
      type: 'transcript',
      timestamp: t + 1800,
      sessionId: 's1',
      text: 'hello world',
      isFinal: true,
    });
    recorder.onCompleted({
      sessionId: 's1',
      text: 'hello world',
      rawText: 'hello world',
      transcript: { segments: [], language: 'en', audioMs: 1600, timings: { decodeMs: 1, inferenceMs: 2 } },
      timings: { recordedMs: 1600, speechMs: 1100, transcribeMs: 200, deliverMs: 3, releaseToTextMs: 203 },
      delivery,
      trigger: 'hotkey',
      audio: new Float32Array(0),
      transcriptOffsetMs: 0,
    });
    recorder.onDictationEvent({ type: 'state', timestamp: t + 1900, status: status('idle', null) });
    // A second recording, thrown away with Esc.
    recorder.onDictationEvent({
      type: 'state',
      timestamp: t + 5000,
      status: status('recording', 's2', t + 5000),
    });
    recorder.onDictationEvent({ type: 'state', timestamp: t + 5400, status: status('idle', null) });
    recorder.error(
      'microphone',
      new AppError('device_lost', 'Lost the microphone.', { hint: 'Plug it in.' }),
      's3',
    );
    recorder.onEngineState('restarting');
    log.write({ type: 'session_end', reason: 'test' });
    await log.close();
    log.write({ type: 'session_end', reason: 'after close: dropped' });

    const events = readEvents(log.file);
    expect(events.map((e) => e.type)).toEqual([
      'session_start',
      'capture_start',
      'vad_speech_start',
      'transcript',
      'vad_speech_end',
      'capture_stop',
      'transcript',
      'delivery',
      'capture_start',
      'capture_stop',
      'error',
      'engine_state',
      'session_end',
    ]);
    expect(new Set(events.map((e) => e.runId))).toEqual(new Set([log.runId]));
    // Lengths, never the words.
    expect(events[3]).toMatchObject({ type: 'transcript', chars: 5, words: 1, isFinal: false });
    expect(events[6]).toMatchObject({ type: 'transcript', chars: 11, words: 2, isFinal: true });
    expect(readFileSync(log.file, 'utf8')).not.toContain('hello');
    expect(events[5]).toMatchObject({
      type: 'capture_stop',
      sessionId: 's1',
      recordedMs: 1600,
      cancelled: false,
    });
    expect(events[7]).toMatchObject({
      type: 'delivery',
      method: 'copy',
      ok: false,
      clipboard: 'left-with-text',
      fallback: 'no_desktop_session',
      notice: 'Copied - press Ctrl+V',
      releaseToTextMs: 203,
    });
    expect(events[9]).toMatchObject({
      type: 'capture_stop',
      sessionId: 's2',
      recordedMs: 400,
      cancelled: true,
    });
    expect(events[10]).toMatchObject({
      type: 'error',
      where: 'microphone',
      sessionId: 's3',
      error: { kind: 'device_lost', hint: 'Plug it in.' },
    });
  });

  it('records each commit (audio range, inference time, text length) without its words', async () => {
    const dir = tempDir();
    const log = await SessionLog.open({ dir });
    const recorder = new SessionEventRecorder(log);
    recorder.onDictationEvent({
      type: 'commit',
      timestamp: 5,
      sessionId: 's1',
      fromMs: 0,
      toMs: 2791.6,
      text: 'The secret plan.',
      inferenceMs: 412.4,
    });
    await log.close();
    const [line] = readEvents(log.file);
    expect(line).toMatchObject({
      type: 'commit',
      sessionId: 's1',
      fromMs: 0,
      toMs: 2792,
      inferenceMs: 412,
      textLength: 16,
    });
    expect(readFileSync(log.file, 'utf8')).not.toContain('secret');
  });

  it('keeps only the newest run logs and leaves other files alone', async () => {
    const dir = tempDir();
    for (let day = 1; day <= 5; day++)
      writeFileSync(path.join(dir, `2025-01-0${day}T00-00-00-000Z-aaaaaaa${day}.jsonl`), '{}\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const log = await SessionLog.open({ dir, keep: 3 });
    await log.close();
    const left = readdirSync(dir).sort();
    expect(left).toEqual(
      [
        '2025-01-04T00-00-00-000Z-aaaaaaa4.jsonl',
        '2025-01-05T00-00-00-000Z-aaaaaaa5.jsonl',
        path.basename(log.file),
        'notes.txt',
      ].sort(),
    );
  });

  it('two runs opened in the same millisecond get separate files', async () => {
    const dir = tempDir();
    const now = () => new Date('2025-06-01T00:00:00.000Z');
    const [a, b] = await Promise.all([SessionLog.open({ dir, now }), SessionLog.open({ dir, now })]);
    a.write({ type: 'session_end', reason: 'a' });
    b.write({ type: 'session_end', reason: 'b' });
    await Promise.all([a.close(), b.close()]);
    expect(a.file).not.toBe(b.file);
    expect(readEvents(a.file)).toHaveLength(1);
    expect(readEvents(b.file)).toHaveLength(1);
  });

  it('takes the words out of the logs earlier versions wrote, when a log opens; the lines stay', async () => {
    const dir = tempDir();
    const older = path.join(dir, '2025-01-01T00-00-00-000Z-aaaaaaa1.jsonl');
    const legacy = (sessionId: string, text: string) =>
      JSON.stringify({ type: 'transcript', timestamp: 1, runId: 'aaaaaaa1', sessionId, text, isFinal: true });
    writeFileSync(
      older,
      `${legacy('x1', 'my bank pin is 4321')}\n${legacy('x2', 'call the dentist')}\n{"type":"no_speech"}\n`,
    );
    const log = await SessionLog.open({ dir });
    await log.close();
    const text = readFileSync(older, 'utf8');
    expect(text).not.toContain('4321');
    expect(text).not.toContain('dentist');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'transcript', sessionId: 'x1', text: '', forgotten: true }),
      expect.objectContaining({ type: 'transcript', sessionId: 'x2', text: '', forgotten: true }),
    ]);
  });
});
