import { z } from 'zod';
import { ErrorKind } from './errors.js';
import { ExportFormat } from './exports/index.js';
import { Segment, TranscribeOptions } from './transcript.js';

/**
 * File transcription jobs: what the queue in the main process persists, pushes to the renderer as
 * events, and accepts as commands. Every message here is validated with these schemas where it arrives.
 */

export const JobState = z.enum(['pending', 'processing', 'completed', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobOptions = z.object({
  /** Path of the whisper.cpp ggml model file. */
  modelPath: z.string().min(1),
  language: TranscribeOptions.shape.language,
  translate: TranscribeOptions.shape.translate,
  /** Names, terms and spellings the speech contains. */
  prompt: TranscribeOptions.shape.initialPrompt,
  formats: z
    .array(ExportFormat)
    .min(1)
    .default(['vtt'])
    .transform((formats) => [...new Set(formats)]),
  /** Folder for the outputs; null writes them next to the source file. */
  outputDir: z.string().min(1).nullable().default(null),
  /** A Silero VAD ggml model: silence is skipped before recognition. */
  vadModelPath: z.string().min(1).optional(),
  /** Whisper's temperature fallback (see TranscribeOptions; on unless false); off makes every engine give the same text. */
  temperatureFallback: z.boolean().optional(),
});
export type JobOptions = z.infer<typeof JobOptions>;

/** Why a job failed, in words a person can act on. */
export const JobFailure = z.object({
  kind: ErrorKind,
  message: z.string(),
  hint: z.string().optional(),
  /** True when the queue will (or did) try again on its own: an engine crash, a busy file. */
  transient: z.boolean(),
});
export type JobFailure = z.infer<typeof JobFailure>;

export const JobTransition = z.object({ state: JobState, at: z.number() });
export type JobTransition = z.infer<typeof JobTransition>;

export const JobOutput = z.object({
  format: ExportFormat,
  path: z.string(),
  /** True when the natural name was taken and a numbered one ("talk (2).vtt") was written instead. */
  renamed: z.boolean(),
});
export type JobOutput = z.infer<typeof JobOutput>;

export const Job = z.object({
  id: z.uuid(),
  /** Absolute path of the audio or video file. */
  source: z.string().min(1),
  options: JobOptions,
  state: JobState,
  /** 0-100; never goes down within one attempt and is 100 when completed. */
  progress: z.number().min(0).max(100),
  /** Attempts started so far (automatic retries and pick-ups after a restart included). */
  attempts: z.number().int().nonnegative(),
  /** Whisper threads of the current or last attempt. */
  threads: z.number().int().positive().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Every state change with its time, oldest first. */
  transitions: z.array(JobTransition),
  /** When a pending job waits for an automatic retry: the earliest time it runs again. */
  nextAttemptAt: z.number().nullable(),
  /** The last failure (also set while an automatic retry is waiting). */
  failure: JobFailure.nullable(),
  /** Length of the audio, once the engine knows it. */
  durationMs: z.number().nonnegative().nullable(),
  language: z.string().nullable(),
  /** The transcript, once completed. */
  segments: z.array(Segment).nullable(),
  outputs: z.array(JobOutput),
  /** A file split into pieces (a long file, or several engines): how many, and how many are done. */
  pieces: z.object({ done: z.number().int().nonnegative(), total: z.number().int().positive() }).optional(),
  /** The engines that transcribed it ("local", or a remote engine's name), once known. */
  engines: z.array(z.string()).optional(),
});
export type Job = z.infer<typeof Job>;

export const JobQueueStatus = z.object({
  running: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  /** Most jobs at once, and the cores they share (jobs x threads never exceed it). */
  maxJobs: z.number().int().positive(),
  cores: z.number().int().positive(),
  /** Whisper threads in use by running jobs. */
  threadsInUse: z.number().int().nonnegative(),
  /** True while the user dictates: running jobs are paused and no new one starts. */
  yieldingToDictation: z.boolean(),
});
export type JobQueueStatus = z.infer<typeof JobQueueStatus>;

const timestamp = z.number();
const jobId = z.uuid();

/** Pushed by the queue to every subscriber (the renderer through IPC, tests, the CLI). */
export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job_added'), timestamp, job: Job }),
  /** A state change, a failure, a retry scheduled, the result: the whole job as it is now. */
  z.object({ type: z.literal('job_updated'), timestamp, job: Job }),
  /** Frequent and small: only what a progress bar needs. */
  z.object({
    type: z.literal('job_progress'),
    timestamp,
    jobId,
    progress: z.number().min(0).max(100),
    /** Audio length when known; with elapsed time it gives the time remaining. */
    durationMs: z.number().nonnegative().nullable(),
    /** For a job run in pieces: pieces done of the total (progress counts pieces). */
    pieces: z.object({ done: z.number().int().nonnegative(), total: z.number().int().positive() }).optional(),
  }),
  /** A stretch of text as soon as the engine has it, before the job completes. */
  z.object({ type: z.literal('job_segment'), timestamp, jobId, segment: Segment }),
  z.object({ type: z.literal('job_removed'), timestamp, jobId }),
  z.object({ type: z.literal('queue_status'), timestamp, status: JobQueueStatus }),
]);
export type JobEvent = z.infer<typeof JobEvent>;

/** Sent to the queue (the renderer through IPC, the CLI, tests). */
export const JobCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('add_files'),
    paths: z.array(z.string().min(1)).min(1).max(10_000),
    /** Defaults come from the app's settings; the model path must be known one way or the other. */
    options: JobOptions.partial().optional(),
  }),
  z.object({ type: z.literal('cancel'), jobId }),
  /** Runs a failed or cancelled job again. */
  z.object({ type: z.literal('retry'), jobId }),
  /** Forgets a job that is not running (its output files stay). */
  z.object({ type: z.literal('remove'), jobId }),
  z.object({ type: z.literal('clear_completed') }),
  z.object({ type: z.literal('list') }),
]);
export type JobCommand = z.infer<typeof JobCommand>;

export const RejectedFile = z.object({
  path: z.string(),
  kind: ErrorKind,
  message: z.string(),
  hint: z.string().optional(),
});
export type RejectedFile = z.infer<typeof RejectedFile>;

/** The answer to each command, by the command's type. */
export const JobCommandResult = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add_files'), added: z.array(Job), rejected: z.array(RejectedFile) }),
  z.object({ type: z.literal('cancel'), job: Job }),
  z.object({ type: z.literal('retry'), job: Job }),
  z.object({ type: z.literal('remove'), jobId }),
  z.object({ type: z.literal('clear_completed'), removed: z.array(jobId) }),
  z.object({ type: z.literal('list'), jobs: z.array(Job), status: JobQueueStatus }),
]);
export type JobCommandResult = z.infer<typeof JobCommandResult>;
