import { z } from 'zod';
import { SerializedError } from './errors.js';
import { SpeechCapabilities, SpeechModelFamily } from './speech-models.js';

/**
 * Speech models: the catalog of downloadable ggml models (Whisper and Parakeet), what is installed, download
 * progress, and the commands and events the model manager exchanges with the app and the CLI.
 */

const Sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a SHA-256 checksum is 64 lowercase hexadecimal characters');

/** A model's size class: Whisper's tiny ... large-v3-turbo, or NVIDIA's Parakeet TDT 0.6B v3. */
export const ModelFamily = z.enum([
  'tiny',
  'base',
  'small',
  'medium',
  'large-v3-turbo',
  'parakeet-tdt-0.6b-v3',
]);
export type ModelFamily = z.infer<typeof ModelFamily>;

/** f16 is the full-precision file; q4_0/q4_k/q5_0/q5_1/q8_0 are ggml's quantised variants. */
export const ModelQuantization = z.enum(['f16', 'q4_0', 'q4_k', 'q5_0', 'q5_1', 'q8_0']);
export type ModelQuantization = z.infer<typeof ModelQuantization>;

const ModelLanguages = z.enum(['english', 'multilingual']);
export type ModelLanguages = z.infer<typeof ModelLanguages>;

/** The terms a model's weights come under, and the credit they require (shown wherever it is offered). */
export const ModelLicence = z.object({
  /** SPDX identifier: "MIT", "CC-BY-4.0". */
  id: z.string().min(1),
  /** Who made the weights, in the words the licence's attribution asks for. */
  attribution: z.string().min(1),
  /** The licence text. */
  url: z.url(),
  /** The model's own page (where the weights were published by their authors). */
  modelUrl: z.url(),
});
export type ModelLicence = z.infer<typeof ModelLicence>;

/**
 * A model that can be downloaded. `name` is the file's own name without "ggml-" and ".bin":
 * "base.en", "small-q5_1", "parakeet-tdt-0.6b-v3-q8_0".
 */
export const CatalogEntry = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  /** File name on the download server and on disk: "ggml-base.en.bin". */
  file: z.string().regex(/^ggml-[a-z0-9._-]+\.bin$/),
  /** Which engine runs it (the file header says the same; the engine checks it there). */
  engine: SpeechModelFamily,
  family: ModelFamily,
  quantization: ModelQuantization,
  languages: ModelLanguages,
  sizeBytes: z.number().int().positive(),
  /** Absent where no published checksum could be confirmed; the size is still verified. */
  sha256: Sha256.optional(),
  /** Memory whisper.cpp needs to run it, where whisper.cpp publishes a figure. */
  memoryBytes: z.number().int().positive().optional(),
  /** Speed and accuracy in a sentence a person can choose by. */
  note: z.string(),
  /** Languages, prompt and translation, as the engine reports them once the file is loaded. */
  capabilities: SpeechCapabilities,
  licence: ModelLicence,
  /** The Hugging Face repository and revision the file is published at (the download's default source). */
  repository: z.string().regex(/^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/),
  revision: z.string().min(1),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

/** A model file in the models folder. */
export const InstalledModel = z.object({
  /** The file name without "ggml-" and ".bin": "base.en", "tiny.en-vocab-only". */
  name: z.string().min(1),
  file: z.string().min(1),
  path: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  active: z.boolean(),
  /** Set when the file is a catalog model. */
  catalogName: z.string().optional(),
  /** From the file's header: false for the .en models. */
  multilingual: z.boolean().optional(),
  /**
   * Set when the file has a catalog model's name but not its size or SHA-256: what differs. Such a
   * file is shown as damaged (download it again, or remove it), not as that model.
   */
  damaged: z.string().optional(),
  /** From the file's header: a Whisper or a Parakeet model. */
  family: SpeechModelFamily.optional(),
  /** From the file's header: "base", "tiny", "tdt-0.6b-v3", ... */
  type: z.string().optional(),
  /** From the file's header: languages, whether it takes a prompt or translates. */
  capabilities: SpeechCapabilities.optional(),
});
export type InstalledModel = z.infer<typeof InstalledModel>;

/** The machine a default model is recommended for. */
export const MachineProfile = z.object({
  cpuCores: z.number().int().positive(),
  totalMemoryBytes: z.number().positive(),
  platform: z.string().optional(),
  arch: z.string().optional(),
  /** The user's language ("en", "de", ...); English speakers get the .en models. */
  language: z.string().optional(),
});
export type MachineProfile = z.infer<typeof MachineProfile>;

export const DownloadState = z.enum([
  'starting',
  'downloading',
  'retrying',
  'verifying',
  'paused',
  'completed',
  'cancelled',
  'failed',
]);
export type DownloadState = z.infer<typeof DownloadState>;

/** A download's progress. `downloadId` is the target file name, so it survives an app restart. */
export const DownloadProgress = z.object({
  downloadId: z.string().min(1),
  /** Catalog name, or the file name for a download from a URL. */
  name: z.string().min(1),
  file: z.string().min(1),
  url: z.string(),
  state: DownloadState,
  bytes: z.number().int().nonnegative(),
  /** Null while the size is not known (a server that sends no length). */
  totalBytes: z.number().int().positive().nullable(),
  percent: z.number().min(0).max(100).nullable(),
  bytesPerSecond: z.number().nonnegative(),
  /** Null until a speed is known. */
  etaSeconds: z.number().nonnegative().nullable(),
});
export type DownloadProgress = z.infer<typeof DownloadProgress>;

const timestamp = z.number();
const DownloadId = z.string().min(1).max(255);

export const DownloadRequest = z.object({
  /** A catalog name ("base.en") or an http(s) URL of a ggml .bin file. */
  source: z.string().min(1),
  sha256: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(Sha256)
    .optional(),
  /** Base URL that replaces the Hugging Face location for this download. */
  mirror: z.url({ protocol: /^https?$/ }).optional(),
  /** Replace a file of that name that is already installed (after the new one is verified). */
  force: z.boolean().optional(),
});
export type DownloadRequest = z.infer<typeof DownloadRequest>;
export type DownloadRequestInput = z.input<typeof DownloadRequest>;

/** What the app (or any host) asks the model manager to do. */
export const ModelCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('list'), timestamp }),
  z.object({ type: z.literal('download'), timestamp, request: DownloadRequest }),
  z.object({ type: z.literal('pause'), timestamp, downloadId: DownloadId }),
  z.object({ type: z.literal('resume'), timestamp, downloadId: DownloadId }),
  z.object({ type: z.literal('cancel'), timestamp, downloadId: DownloadId }),
  z.object({ type: z.literal('import'), timestamp, path: z.string().min(1) }),
  z.object({ type: z.literal('remove'), timestamp, name: z.string().min(1) }),
  z.object({ type: z.literal('use'), timestamp, name: z.string().min(1) }),
]);
export type ModelCommand = z.infer<typeof ModelCommand>;
export type ModelCommandInput = z.input<typeof ModelCommand>;

/** What the model manager reports. */
export const ModelEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('models_listed'),
    timestamp,
    installed: z.array(InstalledModel),
    catalog: z.array(CatalogEntry),
    recommended: z.string(),
    /** Why that model, for this machine's cores and memory (a sentence). */
    recommendedReason: z.string().optional(),
    /** Running and paused (resumable) downloads. */
    downloads: z.array(DownloadProgress),
  }),
  z.object({ type: z.literal('download_progress'), timestamp, progress: DownloadProgress }),
  z.object({
    type: z.literal('download_retrying'),
    timestamp,
    downloadId: DownloadId,
    attempt: z.number().int().positive(),
    maxAttempts: z.number().int().positive(),
    delayMs: z.number().nonnegative(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal('download_completed'),
    timestamp,
    downloadId: DownloadId,
    model: InstalledModel,
    /** Which checks the file passed. */
    verified: z.object({ size: z.boolean(), sha256: z.boolean() }),
    /** The file was already in the models folder and passed the checks in `verified`; nothing was downloaded. */
    alreadyInstalled: z.boolean().optional(),
  }),
  z.object({ type: z.literal('download_paused'), timestamp, progress: DownloadProgress }),
  z.object({ type: z.literal('download_cancelled'), timestamp, downloadId: DownloadId }),
  z.object({ type: z.literal('download_failed'), timestamp, downloadId: DownloadId, error: SerializedError }),
  z.object({ type: z.literal('model_imported'), timestamp, model: InstalledModel }),
  z.object({ type: z.literal('model_removed'), timestamp, name: z.string() }),
  z.object({ type: z.literal('active_model_changed'), timestamp, model: InstalledModel.nullable() }),
  /** A command that could not be carried out. */
  z.object({
    type: z.literal('model_command_failed'),
    timestamp,
    command: z.string(),
    error: SerializedError,
  }),
]);
export type ModelEvent = z.infer<typeof ModelEvent>;
