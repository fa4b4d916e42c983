import { serializeError } from '../../shared/errors.js';
import type { AppCore } from './create-app-core.js';
import type { DictationController } from '../../services/dictation/dictation-controller.js';
import type { EngineHost } from '../../services/engine-host/engine-host.js';
import type { JobQueue } from '../../services/jobs/job-queue.js';
import type { Logger } from '../../services/logging/logger.js';
import type { SessionLog } from '../../services/run-log/session-log.js';
import type { Database } from '../../services/storage/database.js';
import { keepAudio } from '../../services/dictation/kept-audio.js';
import type { UtteranceTap } from '../../services/dictation/utterance-tap.js';

export interface ShutdownOptions {
  /** How long a dictation in flight may take to finish (default 10 s); after that its audio is kept. */
  utteranceWaitMs?: number;
  /** How long the engine may take to exit before it is killed (default 3 s). */
  engineTimeoutMs?: number;
  reason?: string;
}

export interface ShutdownReport {
  /** What became of a dictation that was recording or transcribing when the app was asked to quit. */
  utterance: 'none' | 'finished' | 'kept' | 'lost';
  /** The WAV file holding its audio, when it could not be finished in time. */
  keptAudio: string | null;
  durationMs: number;
}

export interface ShutdownParts {
  dictation: DictationController;
  tap: UtteranceTap;
  jobs: JobQueue | null;
  engine: EngineHost;
  core: AppCore;
  sessionLog: SessionLog;
  database: Database;
  logger: Logger;
  dataDir: string;
  /** Closes the local servers (event API, transcription server and its own engine process). */
  stopServers: () => Promise<void>;
  /** Stops the runtime's own timers and subscriptions. */
  close: () => void;
}

/**
 * Quits without losing words: the microphone stops, a dictation in flight is transcribed and delivered
 * if that takes less than utteranceWaitMs (otherwise its audio is saved as a WAV file), file jobs go
 * back to the queue, the engine is asked to exit (killed after a timeout), and the files are closed.
 */
export async function shutdownRuntime(
  parts: ShutdownParts,
  options: ShutdownOptions = {},
): Promise<ShutdownReport> {
  const started = performance.now();
  const { dictation, logger } = parts;
  const step = async (name: string, work: () => Promise<unknown> | unknown) => {
    try {
      await work();
    } catch (error) {
      logger.error(
        { event: 'shutdown_step_failed', step: name, error: serializeError(error) },
        `shutdown: ${name} failed`,
      );
    }
  };
  logger.info(
    { event: 'shutdown_started', reason: options.reason ?? 'quit', phase: dictation.status().phase },
    'shutting down',
  );

  const report: ShutdownReport = { utterance: 'none', keptAudio: null, durationMs: 0 };
  await step('microphone', () => dictation.disarm());
  const phase = dictation.status().phase;
  if (phase === 'recording' || phase === 'transcribing') {
    const settled = settle(dictation, options.utteranceWaitMs ?? 10_000);
    const beforeStop = parts.tap.pending();
    if (phase === 'recording') await step('stop recording', () => dictation.stop());
    const pending = parts.tap.pending() ?? beforeStop;
    const outcome = await settled;
    if (outcome === 'done') {
      report.utterance = 'finished';
    } else if (pending && pending.samples.length > 0) {
      await step('keep audio', async () => {
        report.keptAudio = await keepAudio(parts.dataDir, pending.sessionId, pending.samples);
        report.utterance = 'kept';
        logger.warn(
          { event: 'utterance_kept', sessionId: pending.sessionId, file: report.keptAudio, why: outcome },
          'the dictation in flight was not finished; its audio is kept',
        );
      });
      if (report.utterance !== 'kept') report.utterance = 'lost';
    } else {
      report.utterance = 'lost';
    }
  }
  await step('dictation', () => dictation.dispose());
  await step('jobs', () => parts.jobs?.close());
  await step('servers', () => parts.stopServers());
  await step('engine', () => parts.engine.stop(options.engineTimeoutMs ?? 3000));
  parts.close();
  report.durationMs = Math.round(performance.now() - started);
  parts.sessionLog.write({ type: 'session_end', reason: options.reason ?? 'quit' });
  await step('session log', () => parts.sessionLog.close());
  parts.core.close();
  await step('database', () => parts.database.close());
  logger.info({ event: 'shutdown_complete', ...report }, 'shutdown complete');
  return report;
}

/** Resolves 'done' once the dictation is delivered or found empty, 'failed' or 'timeout' otherwise. */
function settle(dictation: DictationController, timeoutMs: number): Promise<'done' | 'failed' | 'timeout'> {
  return new Promise((resolve) => {
    const finish = (outcome: 'done' | 'failed' | 'timeout') => {
      clearTimeout(timer);
      off();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const off = dictation.subscribe((event) => {
      if (event.type !== 'state') return;
      if (event.status.phase === 'idle') finish('done');
      else if (event.status.phase === 'error') finish('failed');
    });
  });
}
