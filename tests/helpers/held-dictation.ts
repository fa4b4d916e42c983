import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { ListenerEvent } from '../../src/engine/client/engine-client.js';
import {
  DictationController,
  type CompletedDictation,
  type DictationControllerOptions,
} from '../../src/services/dictation/dictation-controller.js';
import { EngineHost } from '../../src/services/engine-host/engine-host.js';
import { createStderrLogger, silentLogger } from '../../src/services/logging/logger.js';
import type { ListenConfigInput } from '../../src/shared/engine-protocol.js';
import type { DictationEvent } from '../../src/shared/dictation.js';
import { fixtures } from './fixtures.js';
import { PushSource } from './push-source.js';
import { recordedDelivery } from './recorded-delivery.js';
import { silence, speak } from './espeak.js';

const SR = 16_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The listener settings of a held dictation that commits as it goes (the app's defaults). */
export function commitConfig(extra: Partial<ListenConfigInput> = {}): ListenConfigInput {
  return {
    vadModelPath: fixtures.sileroVad,
    silenceMs: 1200,
    preRollMs: 500,
    commitAsYouGo: true,
    commitPauseMs: 400,
    options: { language: 'en' },
    ...extra,
  };
}

/** Separate spoken sentences with a pause after each, as one held dictation would have them. */
export function sentencesWithPauses(dir: string, sentences: readonly string[], pauseMs = 700): Float32Array {
  const parts = sentences.flatMap((text) => [speak(dir, text, 'en-us', 160, true), silence(pauseMs)]);
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The app's dictation pipeline around a real engine (micro-en, Silero), fed by a test source: what
 * the tests of commit-as-you-go drive.
 */
export class HeldDictationRig {
  readonly source = new PushSource();
  readonly events: DictationEvent[] = [];
  readonly engineEvents: ListenerEvent[] = [];
  readonly delivered: string[] = [];
  readonly completed: CompletedDictation[] = [];
  host!: EngineHost;
  controller!: DictationController;

  async start(
    config: ListenConfigInput,
    model = fixtures.microModel,
    controllerOptions: Partial<DictationControllerOptions> = {},
  ): Promise<void> {
    const logger = process.env['DEBUG_DICTATION'] ? createStderrLogger('debug') : silentLogger();
    this.host = new EngineHost({
      startChannel: () => forkEngineChannel(),
      clientName: 'commit-test',
      logger,
      backoffMs: [50, 200],
    });
    await this.host.start();
    await this.host.loadModel(model);
    await this.host.listen(config);
    this.host.onListenerEvent((event) => this.engineEvents.push(event));
    this.controller = new DictationController({
      engine: this.host,
      createSource: () => this.source,
      deliver: recordedDelivery(this.delivered),
      onCompleted: (dictation) => this.completed.push(dictation),
      logger,
      preRollArmed: true,
      preRollMs: 500,
      ...controllerOptions,
    });
    this.controller.subscribe((event) => this.events.push(event));
    await this.controller.arm();
  }

  async stop(): Promise<void> {
    await this.controller?.dispose();
    await this.host?.stop();
  }

  /** Feeds audio in 250 ms steps at `speed` times real time (the engine commits meanwhile). */
  async feed(samples: Float32Array, speed = 4): Promise<void> {
    const step = SR / 4;
    for (let at = 0; at < samples.length; at += step) {
      this.source.push(samples.subarray(at, Math.min(samples.length, at + step)));
      await sleep(250 / speed);
    }
  }

  of<T extends DictationEvent['type']>(type: T, sessionId: string): Extract<DictationEvent, { type: T }>[] {
    return this.events.filter(
      (e): e is Extract<DictationEvent, { type: T }> =>
        e.type === type && 'sessionId' in e && e.sessionId === sessionId,
    );
  }

  /** Waits until `count` events of a type arrived for the session. */
  async until(type: DictationEvent['type'], sessionId: string, count = 1, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(type, sessionId).length < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} ${type} events for ${sessionId}`);
      await sleep(20);
    }
  }

  /** Waits for the dictation to end, with text or without. */
  async settled(sessionId: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.of('delivered', sessionId).length + this.of('no_speech', sessionId).length === 0) {
      if (Date.now() > deadline) throw new Error(`the dictation ${sessionId} did not end`);
      await sleep(20);
    }
  }

  /** Waits for the dictation to end with delivered text (or fails on no_speech). */
  async delivery(
    sessionId: string,
    timeoutMs = 60_000,
  ): Promise<Extract<DictationEvent, { type: 'delivered' }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = this.of('delivered', sessionId)[0];
      if (done) return done;
      if (this.of('no_speech', sessionId).length > 0) {
        const heard = this.engineEvents
          .filter((e) => e.sessionId === sessionId && e.type !== 'speech_start' && e.type !== 'speech_end')
          .map((e) => `${e.type}${'text' in e ? ` "${e.text}"` : ''}`);
        throw new Error(`the dictation ended with no_speech; the engine said: ${heard.join(', ')}`);
      }
      if (Date.now() > deadline) throw new Error(`no delivery for ${sessionId}`);
      await sleep(20);
    }
  }
}
