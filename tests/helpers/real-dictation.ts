import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import type { ObservableHistory } from '../../src/main/app-core/observable-history.js';
import { historyEntryOf } from '../../src/main/app-core/dictation-history.js';
import { DictationController } from '../../src/main/dictation/dictation-controller.js';
import { EngineHost } from '../../src/main/engine-host/engine-host.js';
import { silentLogger } from '../../src/main/logging/logger.js';
import type { DeliveryResult } from '../../src/shared/delivery.js';
import { fixtures } from './fixtures.js';
import { PushSource } from './push-source.js';

export interface RealDictation {
  controller: DictationController;
  host: EngineHost;
  /** The microphone stand-in: the test pushes samples into it. */
  source: PushSource;
  /** Texts handed to delivery, in order. */
  delivered: string[];
  close(): Promise<void>;
}

/**
 * The real dictation pipeline (DictationController, engine process, Silero VAD, whisper.cpp) with the
 * test choosing which audio the "microphone" hears. Delivery into another application has its own
 * tests (under Xvfb); here it records the text and reports it copied.
 */
export async function startRealDictation(options: {
  model: string;
  history: ObservableHistory;
  partials?: boolean;
}): Promise<RealDictation> {
  const logger = silentLogger();
  const host = new EngineHost({
    startChannel: () => forkEngineChannel(),
    clientName: 'renderer-test',
    logger,
  });
  await host.start();
  await host.loadModel(options.model);
  await host.listen({
    vadModelPath: fixtures.sileroVad,
    silenceMs: 800,
    preRollMs: 500,
    partials: options.partials ?? false,
    options: { language: 'en' },
  });
  const source = new PushSource();
  const delivered: string[] = [];
  const controller = new DictationController({
    engine: host,
    createSource: () => source,
    deliver: (text) => {
      delivered.push(text);
      return Promise.resolve(copiedResult());
    },
    onCompleted: (dictation) => options.history.add(historyEntryOf(dictation, options.model)),
    logger,
    preRollArmed: true,
    preRollMs: 500,
  });
  await controller.arm();
  return {
    controller,
    host,
    source,
    delivered,
    async close() {
      await controller.dispose();
      await host.stop();
    },
  };
}

function copiedResult(): DeliveryResult {
  return {
    method: 'copy',
    ok: true,
    backend: 'test: recorded in memory',
    keystroke: null,
    target: null,
    consumption: null,
    clipboard: 'left-with-text',
    fallback: null,
    notice: null,
    timings: {
      targetMs: null,
      clipboardSaveMs: null,
      clipboardSetMs: null,
      keystrokeMs: null,
      pasteReadMs: null,
      consumeWaitMs: null,
      clipboardRestoreMs: null,
      totalMs: 0,
    },
  };
}
