import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appPaths } from '../services/app-paths.js';
import { defaultVadModelPath } from '../services/capture/vad-model-path.js';
import { JobQueue } from '../services/jobs/job-queue.js';
import type { RemoteEngineSpec } from '../services/jobs/pieces/piece-setup.js';
import { createStderrLogger } from '../services/logging/logger.js';
import { openDatabase } from '../services/storage/database.js';
import { AppError, describeError, serializeError } from '../shared/errors.js';
import type { ExportFormat } from '../shared/exports/index.js';
import { cliErrorLine } from './cli-errors.js';
import { createProgressDisplay } from './progress.js';

export interface RemoteTranscribeFlags {
  model: string;
  format: ExportFormat[];
  out?: string;
  language: string;
  translate: boolean;
  prompt?: string;
  vadModel?: string;
  localJobs: number;
  pieceSeconds: number;
  /** Attempts per file after the first, for failures that may pass (a server that did not answer). */
  retries: number;
  verbose: boolean;
}

/**
 * The Silero model that cuts long files at pauses (and trims silence on the local engine): --vad-model
 * (which must exist), else the one `dictation models vad` installed (DICTATION_VAD_MODEL overrides);
 * none: quiet stretches, and the user is told so.
 */
function vadModelFor(flag: string | undefined): string | null {
  if (flag) {
    const given = path.resolve(flag);
    if (!existsSync(given))
      throw new AppError('model_not_found', `--vad-model ${given}: no such file.`, {
        hint: 'Install the Silero VAD model with "dictation models vad", or give the path of one.',
      });
    return given;
  }
  const installed = defaultVadModelPath(appPaths().modelsDir);
  if (existsSync(installed)) return path.resolve(installed);
  console.error(
    'dictation: no VAD model installed: long files are cut at quiet stretches, not at the pauses between ' +
      'speech; install it with "dictation models vad".',
  );
  return null;
}

/**
 * `dictation transcribe --engine URL ...`: the files go through the same queue as the app's file jobs,
 * in pieces over the local engine and every remote engine that answers (each up to its concurrency),
 * on a private temporary database. Prints each output path; failures are said per file.
 */
export async function runRemoteTranscribe(
  files: string[],
  remotes: readonly RemoteEngineSpec[],
  flags: RemoteTranscribeFlags,
): Promise<number> {
  let vadModelPath: string | null;
  try {
    vadModelPath = vadModelFor(flags.vadModel);
  } catch (error) {
    console.error(cliErrorLine(error));
    return 2;
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dictation-cli-queue-'));
  const db = openDatabase(path.join(scratch, 'jobs.db'));
  const display = createProgressDisplay();
  const queue = new JobQueue({
    db,
    logger: createStderrLogger(flags.verbose ? 'info' : 'error'),
    pieces: {
      remotes,
      localConcurrency: flags.localJobs,
      split: { targetMs: flags.pieceSeconds * 1000 },
    },
    retry: { maxAttempts: flags.retries + 1 },
  });
  const bars = new Map<string, ReturnType<typeof display.start>>();
  queue.subscribe((event) => {
    if (event.type === 'job_progress') bars.get(event.jobId)?.update(event.progress);
    if (event.type !== 'job_updated') return;
    const { job } = event;
    if (job.state === 'processing' && !bars.has(job.id)) bars.set(job.id, display.start(job.source));
    if (job.state === 'completed') {
      bars.get(job.id)?.finish(`done on ${(job.engines ?? []).join(', ') || 'no engine (silence)'}`);
      for (const output of job.outputs) process.stdout.write(`${output.path}\n`);
    }
    if (job.state === 'failed' && job.failure) {
      bars.get(job.id)?.finish('failed');
      display.log(
        `dictation: ${describeError({ kind: job.failure.kind, message: job.failure.message, ...(job.failure.hint ? { hint: job.failure.hint } : {}) })}`,
      );
    }
  });
  let failures = 0;
  try {
    const { rejected } = await queue.add(files, {
      modelPath: path.resolve(flags.model),
      language: flags.language,
      translate: flags.translate,
      prompt: flags.prompt ?? '',
      formats: flags.format,
      outputDir: flags.out ? path.resolve(flags.out) : null,
      ...(vadModelPath ? { vadModelPath } : {}),
    });
    for (const file of rejected) display.log(`dictation: ${describeError(file)}`);
    failures += rejected.length;
    const onSignal = () => void queue.close();
    process.once('SIGINT', onSignal);
    queue.start();
    await queue.drain();
    process.off('SIGINT', onSignal);
    failures += queue.list().filter((job) => job.state !== 'completed').length;
  } catch (error) {
    display.log(`dictation: ${describeError(serializeError(error))}`);
    failures++;
  } finally {
    display.stop();
    await queue.close();
    db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return failures > 0 ? 1 : 0;
}
