import { z } from 'zod';
import { SerializedError } from './errors.js';
import { Segment, TranscribeOptions, Transcript } from './transcript.js';

/**
 * Messages between the engine process and its host (the Electron main process, the CLI, tests).
 * Bump on any change to the shapes below; both sides check it in the hello exchange.
 */
export const ENGINE_PROTOCOL_VERSION = 1;

const RequestId = z.string().min(1).max(64);

export const LoadModelRequest = z.object({
  type: z.literal('load_model'),
  id: RequestId,
  modelPath: z.string().min(1),
  useGpu: z.boolean().default(true),
  flashAttn: z.boolean().default(true),
});

export const AudioSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('pcm'),
    /** 16 kHz mono float samples in [-1, 1]. */
    samples: z.instanceof(Float32Array),
  }),
]);
export type AudioSource = z.infer<typeof AudioSource>;

export const TranscribeRequest = z.object({
  type: z.literal('transcribe'),
  id: RequestId,
  source: AudioSource,
  options: TranscribeOptions,
});

export const EngineRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    id: RequestId,
    protocolVersion: z.number().int(),
    client: z.string().max(100),
  }),
  LoadModelRequest,
  z.object({ type: z.literal('unload_model'), id: RequestId }),
  TranscribeRequest,
  z.object({ type: z.literal('abort'), id: RequestId, target: RequestId }),
  z.object({ type: z.literal('status'), id: RequestId }),
  z.object({ type: z.literal('shutdown'), id: RequestId }),
]);
export type EngineRequest = z.infer<typeof EngineRequest>;
export type EngineRequestInput = z.input<typeof EngineRequest>;

export const BackendDevice = z.object({
  name: z.string(),
  description: z.string(),
  type: z.string(),
  backend: z.string(),
});

export const ModelInfo = z.object({
  path: z.string(),
  type: z.string(),
  multilingual: z.boolean(),
  windowMs: z.number(),
  gpu: z.boolean(),
  /** Why the GPU was not used although it was asked for. */
  gpuFallbackReason: z.string().optional(),
  loadMs: z.number(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const EngineStatus = z.object({
  model: ModelInfo.nullable(),
  busy: z.boolean(),
  rssBytes: z.number(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

const timestamp = z.number();

export const EngineReply = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    id: RequestId,
    timestamp,
    protocolVersion: z.number().int(),
    engineVersion: z.string(),
    whisperVersion: z.string(),
    systemInfo: z.string(),
    devices: z.array(BackendDevice),
  }),
  z.object({ type: z.literal('model_loaded'), id: RequestId, timestamp, model: ModelInfo }),
  z.object({ type: z.literal('ok'), id: RequestId, timestamp }),
  z.object({ type: z.literal('status'), id: RequestId, timestamp, status: EngineStatus }),
  z.object({
    type: z.literal('progress'),
    id: RequestId,
    timestamp,
    percent: z.number().min(0).max(100),
  }),
  z.object({ type: z.literal('segment'), id: RequestId, timestamp, segment: Segment }),
  z.object({ type: z.literal('transcript'), id: RequestId, timestamp, transcript: Transcript }),
  z.object({ type: z.literal('error'), id: RequestId.nullable(), timestamp, error: SerializedError }),
  /** Unrequested notices: a fallback, a warning worth logging. */
  z.object({
    type: z.literal('log'),
    timestamp,
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type EngineReply = z.infer<typeof EngineReply>;

export type ReplyOf<T extends EngineReply['type']> = Extract<EngineReply, { type: T }>;
