import { answerRawRequest } from '../../src/main/app/answer-raw-request.js';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { appPaths } from '../../src/services/app-paths.js';
import { createAppRuntime, type AppRuntime } from '../../src/main/app/create-app-runtime.js';
import { connectHotkeys } from '../../src/services/hotkeys/hotkey-commands.js';
import { defaultVadModelPath } from '../../src/services/capture/vad-model-path.js';
import { createStderrLogger, silentLogger } from '../../src/services/logging/logger.js';
import { TrayPresenter } from '../../src/main/hosts/electron/shell-model/tray-presenter.js';
import type { TrayView } from '../../src/main/hosts/electron/shell-model/tray-view.js';
import type { AppEvent } from '../../src/shared/app-protocol.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import type { AppError } from '../../src/shared/errors.js';
import { SessionLogEvent } from '../../src/shared/session-log.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { PushSource } from '../helpers/push-source.js';

const SR = 16000;
const silence = (seconds: number) => new Float32Array(Math.round(seconds * SR));
const logger = () => (process.env['DEBUG_DICTATION'] ? createStderrLogger('debug') : silentLogger());

interface Harness {
  runtime: AppRuntime;
  source: PushSource;
  dataDir: string;
  events: AppEvent[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The real composition: SQLite, settings file, history, the engine as a forked Node process, VAD,
 * whisper, the model manager, the job queue and the app core, in a temporary data folder. The
 * microphone is the one stand-in (PushSource): the PulseAudio microphone test covers real capture.
 */
async function boot(
  options: { model?: string | null; dataDir?: string; settings?: object } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? makeTemp();
  const paths = appPaths(dataDir);
  const model = options.model === undefined ? fixtures.vocabOnlyModel : options.model;
  if (!existsSync(paths.settingsFile)) {
    mkdirSync(dataDir, { recursive: true });
    const speech = model ? { model } : {};
    writeFileSync(paths.settingsFile, JSON.stringify({ speech, ...options.settings }));
  }
  const source = new PushSource();
  const runtime = await createAppRuntime({
    paths,
    logger: logger(),
    startEngineChannel: () => forkEngineChannel(),
    createAudioSource: () => source,
    listDevices: () => [{ id: 7, name: 'Test microphone', isDefault: true }],
    env: { PATH: process.env['PATH'] ?? '', DICTATION_VAD_MODEL: fixtures.sileroVad },
    engineBackoffMs: [50, 200],
  });
  const events: AppEvent[] = [];
  runtime.core.subscribe((event) => events.push(event));
  cleanups.push(() =>
    runtime.shutdown({ reason: 'test cleanup', utteranceWaitMs: 100 }).then(() => undefined),
  );
  return { runtime, source, dataDir, events };
}

function makeTemp(): string {
  const { dir, cleanup } = makeTempDir('dictation-runtime-');
  cleanups.push(cleanup);
  return dir;
}

function sessionLogEvents(dataDir: string): SessionLogEvent[] {
  const dir = path.join(appPaths(dataDir).logsDir, 'sessions');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      readFileSync(path.join(dir, name), 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => SessionLogEvent.parse(JSON.parse(line))),
    );
}

function nextEvent<T extends DictationEvent['type']>(runtime: AppRuntime, types: T[], timeoutMs = 60_000) {
  return new Promise<Extract<DictationEvent, { type: T }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${types.join('/')} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const off = runtime.dictation.subscribe((event) => {
      if ((types as string[]).includes(event.type)) {
        clearTimeout(timer);
        off();
        resolve(event as Extract<DictationEvent, { type: T }>);
      }
    });
  });
}

function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('app runtime (the app without Electron)', () => {
  it('boots with the real engine and the vocab-only model in a temp data dir, and shuts down cleanly', async () => {
    const { runtime, source, dataDir } = await boot();
    expect(runtime.readiness()?.kind).toBe('unavailable'); // the engine is not started yet
    const started = performance.now();
    await runtime.start();
    const startMs = performance.now() - started;
    expect(runtime.readiness()).toBeNull();
    expect(runtime.engine.state).toBe('ready');
    expect(runtime.engine.loadedModel?.path).toBe(fixtures.vocabOnlyModel);
    expect(runtime.microphoneArmed()).toBe(true);
    expect(source.running).toBe(true);

    const state = await runtime.core.handle({ type: 'get_state' });
    expect(state).toMatchObject({
      ok: true,
      payload: { features: { jobs: true, models: true, clipboard: true, devices: true } },
    });
    const devices = await runtime.core.handle({ type: 'devices_list' });
    expect(devices).toEqual({
      ok: true,
      payload: { devices: [{ id: '7', name: 'Test microphone', isDefault: true }] },
    });

    const pid = runtime.engine.pid;
    expect(isAlive(pid)).toBe(true);
    const report = await runtime.shutdown({ reason: 'test' });
    expect(report).toMatchObject({ utterance: 'none', keptAudio: null });
    expect(runtime.engine.state).toBe('stopped');
    expect(source.running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(pid)).toBe(false);
    expect(() => runtime.history.page()).toThrow(); // the database is closed
    expect(await runtime.shutdown()).toBe(report); // a second quit request waits for the same shutdown

    const log = sessionLogEvents(dataDir);
    expect(log[0]?.type).toBe('session_start');
    expect(
      log.filter((e) => e.type === 'engine_state').map((e) => (e.type === 'engine_state' ? e.state : '')),
    ).toEqual(['starting', 'ready', 'stopped']);
    expect(log.at(-1)).toMatchObject({ type: 'session_end', reason: 'test' });
    console.log(
      `runtime start (engine + model + VAD listener + microphone) ${Math.round(startMs)} ms, shutdown ${report.durationMs} ms`,
    );
  });

  it('without a model, the hotkey explains what to do; importing and choosing one makes it ready without a restart', async () => {
    const { runtime, events } = await boot({ model: null });
    await runtime.start();
    const problem = runtime.readiness();
    expect(problem?.kind).toBe('model_not_found');
    expect(problem?.hint).toContain('Models tab');

    const explained: AppError[] = [];
    runtime.onExplain((error) => explained.push(error));
    const { onCommand } = connectHotkeys(
      { state: 'idle', sessionEnded: () => {} },
      {
        dictation: runtime.dictation,
        readiness: () => runtime.readiness(),
        explain: (error) => runtime.explain(error),
        inform: () => {},
        logger: silentLogger(),
      },
    );
    onCommand({ type: 'start', trigger: 'toggle', time: 0 });
    expect(runtime.dictation.status().phase).toBe('idle');
    expect(explained.map((e) => e.kind)).toEqual(['model_not_found']);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'notice',
        level: 'warning',
        message: problem?.message,
        hint: problem?.hint,
      }),
    );
    // The window's start button gets the same answer.
    const refused = await answerRawRequest(runtime.core, { type: 'dictation_start' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'model_not_found' } });

    const imported = await runtime.core.handle({
      type: 'models',
      command: { type: 'import', timestamp: Date.now(), path: fixtures.vocabOnlyModel },
    });
    expect(imported).toMatchObject({ ok: true, payload: { type: 'model_imported' } });
    const ready = new Promise<void>((resolve) => {
      const off = runtime.onChange(() => {
        if (runtime.readiness() === null) {
          off();
          resolve();
        }
      });
    });
    const chosen = await runtime.core.handle({
      type: 'models',
      command: { type: 'use', timestamp: Date.now(), name: 'tiny.en-vocab-only' },
    });
    expect(chosen).toMatchObject({ ok: true });
    await ready;
    expect(runtime.settings.get().speech.model).toBe('ggml-tiny.en-vocab-only.bin');
    expect(runtime.engine.loadedModel?.path).toBe(
      path.join(runtime.paths.modelsDir, 'ggml-tiny.en-vocab-only.bin'),
    );
  });

  it('says when the VAD model is missing instead of failing silently', async () => {
    const dataDir = makeTemp();
    const paths = appPaths(dataDir);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(paths.settingsFile, JSON.stringify({ speech: { model: fixtures.vocabOnlyModel } }));
    const runtime = await createAppRuntime({
      paths,
      logger: logger(),
      startEngineChannel: () => forkEngineChannel(),
      createAudioSource: () => new PushSource(),
      env: { PATH: process.env['PATH'] ?? '' },
      jobs: false,
    });
    cleanups.push(() => runtime.shutdown().then(() => undefined));
    await runtime.start();
    expect(runtime.readiness()).toMatchObject({ kind: 'model_not_found' });
    expect(runtime.readiness()?.message).toContain(defaultVadModelPath(paths.modelsDir, {}));
    expect(runtime.readiness()?.hint).toContain('DICTATION_VAD_MODEL');

    // Installed while the app runs (by the CLI, say): the next start finds it, no restart.
    const vadPath = defaultVadModelPath(paths.modelsDir, {});
    mkdirSync(path.dirname(vadPath), { recursive: true });
    copyFileSync(fixtures.sileroVad, vadPath);
    const started = await answerRawRequest(runtime.core, { type: 'dictation_start' });
    expect(started).toMatchObject({ ok: true, payload: { phase: 'recording' } });
    expect(runtime.readiness()).toBeNull();
    await runtime.dictation.cancel();
  });

  it('dictates end to end: history, session log, and a tray that follows each state change in the same tick', async () => {
    const { runtime, source, dataDir } = await boot({ model: fixtures.microModel });
    await runtime.start();
    expect(runtime.readiness()).toBeNull();
    const jfk = await readAudioFile(fixtures.jfkWav);

    const drawn: { view: TrayView; at: number }[] = [];
    const presenter = new TrayPresenter(
      { render: (view) => drawn.push({ view, at: Date.now() }) },
      {
        dictation: runtime.dictation,
        history: runtime.history,
        readiness: () => runtime.readiness(),
        microphoneArmed: () => runtime.microphoneArmed(),
        onChange: (listener) => runtime.onChange(listener),
        toggleShortcut: () => 'Alt+D',
        updateReady: () => null,
        logger: silentLogger(),
      },
    );
    presenter.start();
    cleanups.push(() => presenter.dispose());
    // Heard after the presenter: by then the tray must already show the new state.
    const trayAtStateChange: { phase: string; icon: string | undefined; lagMs: number }[] = [];
    runtime.dictation.subscribe((event) => {
      if (event.type !== 'state') return;
      const last = drawn.at(-1);
      trayAtStateChange.push({
        phase: event.status.phase,
        icon: last?.view.icon,
        lagMs: (last?.at ?? 0) - event.timestamp,
      });
    });
    expect(drawn.at(-1)?.view.icon).toBe('listening');

    source.push(silence(1));
    const started = await runtime.core.handle({ type: 'dictation_start', trigger: 'ui' });
    expect(started).toMatchObject({ ok: true, payload: { phase: 'recording' } });
    expect(drawn.at(-1)?.view.icon).toBe('recording');
    source.push(jfk.subarray(0, 2.6 * SR));
    const outcome = nextEvent(runtime, ['delivered', 'no_speech']);
    await runtime.core.handle({ type: 'dictation_stop' });
    expect(drawn.at(-1)?.view.icon).toBe('transcribing');
    const result = await outcome;
    if (result.type !== 'delivered') throw new Error('the utterance was not transcribed');
    expect(result.text.trim().length).toBeGreaterThan(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(drawn.at(-1)?.view.icon).toBe('listening');
    expect(trayAtStateChange.map((s) => [s.phase, s.icon])).toEqual([
      ['recording', 'recording'],
      ['transcribing', 'transcribing'],
      ['idle', 'listening'],
    ]);
    // Drawn inside the state event's own dispatch: never behind the state, far inside 100 ms.
    for (const change of trayAtStateChange) {
      expect(change.lagMs).toBeGreaterThanOrEqual(0);
      expect(change.lagMs).toBeLessThan(100);
    }

    const entries = runtime.history.page().entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: result.sessionId, text: result.text, model: 'micro-en' });
    expect(entries[0]?.timings['speechMs']).toBeGreaterThan(1500);
    // Without a desktop session here the text cannot reach an app; the entry does not claim it did.
    expect(['pasted', 'typed']).not.toContain(entries[0]?.delivery);
    const recent = drawn.at(-1)?.view.menu.find((item) => item.kind === 'submenu');
    expect(recent?.kind === 'submenu' && recent.items[0]).toMatchObject({ kind: 'copy', text: result.text });

    await runtime.shutdown();
    const log = sessionLogEvents(dataDir).filter((e) => 'sessionId' in e && e.sessionId === result.sessionId);
    const types = log.map((e) => e.type);
    // The audio was pushed faster than real time, so the VAD may report after the key release.
    expect(types[0]).toBe('capture_start');
    expect(types).toContain('vad_speech_start');
    expect(types).toContain('capture_stop');
    expect(types.filter((t) => t === 'transcript').length).toBeGreaterThanOrEqual(1);
    expect(types.at(-1)).toBe('delivery');
    expect(log.find((e) => e.type === 'transcript' && e.isFinal)).toMatchObject({
      chars: result.text.length,
      words: result.text.split(/\s+/).filter(Boolean).length,
    });
    // Privacy: the words are in the history only, in no log file of any kind.
    const logsDir = appPaths(dataDir).logsDir;
    const logText = readdirSync(logsDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    expect(logText.length).toBeGreaterThan(0);
    for (const word of result.text.split(/\W+/).filter((w) => w.length >= 4)) {
      expect(logText.toLowerCase()).not.toContain(word.toLowerCase());
    }
  });

  it('quitting mid-transcription keeps the audio when it cannot finish in time; the next start says where it is', async () => {
    const { runtime, source, dataDir } = await boot({ model: fixtures.microModel });
    await runtime.start();
    const jfk = await readAudioFile(fixtures.jfkWav);
    source.push(silence(0.5));
    await runtime.dictation.start('hotkey');
    source.push(jfk.subarray(0, 2.5 * SR));
    // Quit while recording: the recording stops, and there is no time to transcribe it.
    const report = await runtime.shutdown({ reason: 'SIGTERM', utteranceWaitMs: 1 });
    expect(report.utterance).toBe('kept');
    expect(report.keptAudio).not.toBeNull();
    const kept = await readAudioFile(report.keptAudio ?? '');
    // The pre-roll (500 ms) and everything said after the key press.
    expect(kept.length / SR).toBeGreaterThan(2.9);
    expect(kept.length / SR).toBeLessThan(3.1);

    const next = await boot({ dataDir, model: fixtures.microModel });
    expect(await next.runtime.announceKeptAudio()).toEqual([report.keptAudio]);
    expect(next.events).toContainEqual(
      expect.objectContaining({
        type: 'notice',
        level: 'info',
        message: expect.stringContaining('unfinished'),
      }),
    );
  });

  it('quitting mid-transcription lets the utterance finish when there is time', async () => {
    const { runtime, source } = await boot({ model: fixtures.microModel });
    await runtime.start();
    const jfk = await readAudioFile(fixtures.jfkWav);
    source.push(silence(0.5));
    const sessionId = await runtime.dictation.start('hotkey');
    source.push(jfk.subarray(0, 2.5 * SR));
    await runtime.dictation.stop();
    const report = await runtime.shutdown({ reason: 'tray' });
    expect(report).toMatchObject({ utterance: 'finished', keptAudio: null });
    const reopened = await boot({ dataDir: runtime.paths.dataDir, model: fixtures.microModel });
    expect(reopened.runtime.history.page().entries.map((e) => e.id)).toEqual([sessionId]);
  });

  it('applies settings while running: the microphone closes and reopens with the pre-roll setting', async () => {
    const { runtime, source } = await boot();
    await runtime.start();
    expect(source.running).toBe(true);
    await runtime.core.handle({ type: 'settings_update', patch: { microphone: { preRollArmed: false } } });
    await waitFor(() => !runtime.microphoneArmed());
    expect(source.running).toBe(false);
    await runtime.core.handle({ type: 'settings_update', patch: { microphone: { preRollArmed: true } } });
    await waitFor(() => runtime.microphoneArmed());
    expect(source.running).toBe(true);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
