import { z } from 'zod';
import { SerializedError } from './errors.js';
import { DownloadProgress } from './models.js';

/**
 * Wake phrase models (openWakeWord): the shared front end (melspectrogram + embedding) and one
 * classifier per phrase. The pre-trained ones are CC BY-NC-SA 4.0, so they are downloaded only on
 * request after the user accepts that licence; users may also import their own classifier (.onnx).
 */

export const WakeModelLicence = z.object({
  /** SPDX-style short name: "CC-BY-NC-SA-4.0". */
  id: z.string().min(1),
  name: z.string().min(1),
  /** "CC BY-NC-SA 4.0" */
  shortName: z.string().min(1),
  url: z.url(),
  nonCommercial: z.boolean(),
  /** Who publishes the files and under what terms, in a sentence a person reads before downloading. */
  summary: z.string(),
});
export type WakeModelLicence = z.infer<typeof WakeModelLicence>;

export const WakePhraseModel = z.object({
  /** The file name without ".onnx": "hey_jarvis_v0.1". */
  id: z.string().min(1),
  /** What to say: "hey jarvis". */
  phrase: z.string().min(1),
  /** The name on disk: an imported file keeps whatever name an older version stored it under. */
  file: z.string().regex(/^[^/\\\0]+\.onnx$/i),
  /** Where the app keeps (or would keep) it; what settings.wakeWord.phraseModel holds. */
  path: z.string().min(1),
  installed: z.boolean(),
  /** catalog: downloadable from openWakeWord; imported: the user's own file. */
  source: z.enum(['catalog', 'imported']),
  /** Published size (catalog) or bytes on disk. */
  sizeBytes: z.number().int().nonnegative(),
  /** Null for an imported model: its licence is whatever its author chose. */
  licence: WakeModelLicence.nullable(),
});
export type WakePhraseModel = z.infer<typeof WakePhraseModel>;

export const WakeModelsStatus = z.object({
  /** The folder holding the front end and the phrase models. */
  dir: z.string(),
  frontEnd: z.object({
    installed: z.boolean(),
    files: z.array(z.string()),
    sizeBytes: z.number().int().nonnegative(),
    licence: WakeModelLicence,
  }),
  phrases: z.array(WakePhraseModel),
  /** Ids of the phrases being downloaded now. */
  downloading: z.array(z.string()),
  /** The last failed install, until the next attempt. */
  error: SerializedError.nullable(),
});
export type WakeModelsStatus = z.infer<typeof WakeModelsStatus>;

const phraseId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/, 'a wake phrase model id');

export const WakeModelInstallRequest = z.object({
  /** A catalog id ("hey_jarvis_v0.1"). */
  id: phraseId,
  /** Must be true: the pre-trained models are CC BY-NC-SA 4.0 (non-commercial use only). */
  acceptLicence: z.boolean(),
  /** Base URL holding the .onnx files instead of openWakeWord's GitHub. */
  mirror: z.url({ protocol: /^https?$/ }).optional(),
});
export type WakeModelInstallRequest = z.infer<typeof WakeModelInstallRequest>;

export const WakeModelRemoveRequest = z.object({ id: phraseId });

/** What the wake models service reports besides its answers. */
export const WakeModelEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('wake_models_changed'), timestamp: z.number(), status: WakeModelsStatus }),
  z.object({ type: z.literal('wake_model_progress'), timestamp: z.number(), progress: DownloadProgress }),
]);
export type WakeModelEvent = z.infer<typeof WakeModelEvent>;
