import type { ListenerEvent } from '../src/engine/client/engine-client.js';
import { DictationController } from '../src/services/dictation/dictation-controller.js';
import type { EngineHost } from '../src/services/engine-host/engine-host.js';
import { silentLogger } from '../src/services/logging/logger.js';
import type { ListenConfigInput } from '../src/shared/engine-protocol.js';
import type { TranscribeOptionsInput } from '../src/shared/transcript.js';
import { dictationOutcome } from './dictation-outcome.js';
import { silence } from '../tests/helpers/espeak.js';
import { fixtures } from '../tests/helpers/fixtures.js';
import { cpuSeconds } from '../tests/helpers/jobs.js';
import { PushSource } from '../tests/helpers/push-source.js';
import { recordedDelivery } from '../tests/helpers/recorded-delivery.js';

const SR = 16_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HeldRun {
  releaseMs: number;
  bareMs: number;
  commits: number;
  heldCpuS: number;
  onceCpuS: number;
}

/** BENCH_HELD_TRACE=1: when each commit of a held dictation came back, relative to the release. */
function traceCommits(events: ListenerEvent[], sessionId: string, releasedAt: number): void {
  for (const e of events) {
    if (e.sessionId !== sessionId || (e.type !== 'commit' && e.type !== 'utterance_result')) continue;
    const seconds = (e.timestamp - releasedAt) / 1000;
    const at = `${seconds >= 0 ? '+' : ''}${seconds.toFixed(2)} s`;
    if (e.type === 'commit') {
      const audio = `${(e.fromMs / 1000).toFixed(1)}-${(e.toMs / 1000).toFixed(1)} s`;
      console.log(
        `  commit ${e.index}: audio ${audio}, inference ${e.inferenceMs.toFixed(0)} ms, back at release ${at}`,
      );
    } else console.log(`  result back at release ${at}`);
  }
}

/**
 * The app's dictation pipeline on a loaded engine: a held key, audio fed in real time, commit as you
 * go; then the same trimmed audio transcribed once by the bare engine.
 */
export class HeldDictationRunner {
  private readonly source = new PushSource();
  private readonly events: ListenerEvent[] = [];
  private controller: DictationController | null = null;

  constructor(
    private readonly host: EngineHost,
    private readonly options: TranscribeOptionsInput,
  ) {
    host.onListenerEvent((e) => this.events.push(e));
  }

  async start(): Promise<void> {
    const config: ListenConfigInput = {
      vadModelPath: fixtures.sileroVad,
      silenceMs: 1200,
      preRollMs: 500,
      commitAsYouGo: true,
      commitPauseMs: 400,
      options: this.options,
    };
    await this.host.listen(config);
    this.controller = new DictationController({
      engine: this.host,
      createSource: () => this.source,
      deliver: recordedDelivery([]),
      logger: silentLogger(),
      preRollArmed: true,
      preRollMs: 500,
    });
    await this.controller.arm();
  }

  async dispose(): Promise<void> {
    await this.controller?.dispose();
  }

  async heldOnce(speech: Float32Array): Promise<HeldRun> {
    const controller = this.controller;
    if (!controller) throw new Error('start() first');
    const pid = () => this.host.pid ?? 0;
    this.source.push(silence(1000));
    const sessionId = await controller.start('hotkey');
    const cpuBefore = cpuSeconds(pid());
    const started = performance.now();
    for (let at = 0; at < speech.length; at += 512) {
      this.source.push(speech.subarray(at, at + 512));
      const wait = started + ((at + 512) / SR) * 1000 - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const outcome = dictationOutcome(controller, sessionId);
    const released = performance.now();
    const releasedAt = Date.now();
    await controller.stop();
    const event = await outcome;
    if (process.env['BENCH_HELD_TRACE'] === '1') traceCommits(this.events, sessionId, releasedAt);
    const releaseMs =
      event.type === 'delivered' ? event.timings.releaseToTextMs : performance.now() - released;
    const heldCpuS = cpuSeconds(pid()) - cpuBefore;
    const mine = this.events.filter((e) => e.sessionId === sessionId);
    const result = mine.find((e) => e.type === 'utterance_result');
    if (result?.type !== 'utterance_result') throw new Error('the held dictation was not transcribed');
    const closed = mine.find((e) => e.type === 'utterance_closed');
    if (closed?.type !== 'utterance_closed') throw new Error('no utterance_closed');
    this.events.length = 0;
    // The same trimmed audio (the utterance began with half a second of pre-roll silence).
    const whole = new Float32Array(speech.length + 0.5 * SR);
    whole.set(speech, 0.5 * SR);
    const from = Math.max(0, Math.round(((result.fromMs - closed.fromMs) * SR) / 1000));
    const to = Math.round(((result.toMs - closed.fromMs) * SR) / 1000);
    const onceBefore = cpuSeconds(pid());
    const bareStarted = performance.now();
    await this.host.requireClient().transcribe({ kind: 'pcm', samples: whole.slice(from, to) }, this.options)
      .result;
    const bareMs = performance.now() - bareStarted;
    return { releaseMs, bareMs, commits: result.commits, heldCpuS, onceCpuS: cpuSeconds(pid()) - onceBefore };
  }
}
