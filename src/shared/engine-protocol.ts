import { z } from 'zod';
import { SerializedError } from './errors.js';
import { BackendDevice } from './speech-devices.js';
import { SpeechCapabilities } from './speech-models.js';
import { SpeechDetection, SpeechRegions } from './speech-regions.js';
import { Segment, TranscribeOptions, Transcript } from './transcript.js';

/**
 * Messages between the engine process and its host (the Electron main process, the CLI, tests).
 * Bump on any change to the shapes below; both sides check it in the hello exchange.
 */
export const ENGINE_PROTOCOL_VERSION = 8;

/** Defined next to the window's view of the same devices (speech-devices.ts). */
export { BackendDevice };

const RequestId = z.string().min(1).max(64);

/**
 * A GPU that failed (model load, a run that failed or passed its deadline, the engine stopping while
 * it ran). Hosts keep these and send them with every load_model, so a failed GPU is not tried again
 * until the GPU settings change or the app restarts, even across engine restarts.
 */
export const FailedGpu = z.object({
  /** ggml's device id ("Vulkan0"), or "*" when it is not known which GPU it was. */
  device: z.string().min(1).max(100),
  reason: z.string().max(2000),
});
export type FailedGpu = z.infer<typeof FailedGpu>;

export const LoadModelRequest = z.object({
  type: z.literal('load_model'),
  id: RequestId,
  modelPath: z.string().min(1),
  useGpu: z.boolean().default(true),
  /** The GPU to use, by BackendDevice name ("Vulkan1") or description; null: the first GPU. */
  gpuDevice: z.string().min(1).max(300).nullable().default(null),
  failedGpus: z.array(FailedGpu).max(32).default([]),
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

const TranscribeRequest = z.object({
  type: z.literal('transcribe'),
  id: RequestId,
  source: AudioSource,
  options: TranscribeOptions,
});

/**
 * An openWakeWord detector on the live stream: one classifier per phrase over a shared front end
 * (melspectrogram.onnx and embedding_model.onnx, found next to the first phrase model unless
 * `frontEndDir` says where). A phrase heard while no utterance is open starts one that ends on silence.
 */
const WakeWordConfig = z.object({
  models: z
    .array(z.object({ phrase: z.string().min(1).max(100), path: z.string().min(1) }))
    .min(1)
    .max(8),
  frontEndDir: z.string().min(1).optional(),
  /** Classifier score (0..1) at which a phrase counts as heard. */
  threshold: z.number().min(0.05).max(0.99).default(0.5),
  /** After a detection nothing triggers for this long. */
  refractoryMs: z.number().int().min(0).max(60_000).default(2000),
});
export type WakeWordConfig = z.infer<typeof WakeWordConfig>;

/**
 * How the engine listens to a live stream (microphone, or a file fed at its pace): Silero VAD on every
 * 32 ms window, a pre-roll ring buffer so the first word is never cut, endpointing on silence.
 */
export const ListenConfig = z.object({
  /** whisper.cpp's ggml Silero VAD model. */
  vadModelPath: z.string().min(1),
  /** Speech probability at which speech starts; it ends below threshold - 0.15. */
  threshold: z.number().min(0.05).max(0.95).default(0.5),
  /** Silence that ends an utterance (auto-stop, and each utterance in continuous mode). */
  silenceMs: z.number().int().min(100).max(30_000).default(1000),
  /** End a key-started utterance on silence; off means only the key (or a stop) ends it. */
  autoStop: z.boolean().default(false),
  /** The VAD opens utterances by itself too (the CLI's listen, hands-free). */
  continuous: z.boolean().default(false),
  /** Audio kept from before the utterance began. */
  preRollMs: z.number().int().min(0).max(3000).default(500),
  /** Audio kept around detected speech when trimming silence. */
  speechPadMs: z.number().int().min(0).max(2000).default(300),
  /** Shorter bursts (a click, a cough) are not speech. */
  minSpeechMs: z.number().int().min(0).max(5000).default(150),
  /** A key-started utterance with no speech at all for this long ends by itself (with auto-stop). */
  noSpeechTimeoutMs: z.number().int().min(1000).max(600_000).default(15_000),
  /** Longest utterance; it ends there and is transcribed. */
  maxUtteranceMs: z.number().int().min(1000).max(1_800_000).default(300_000),
  /** Re-decode the uncommitted tail of the utterance about once a second and send partial text. */
  partials: z.boolean().default(false),
  /**
   * Commit as you go: while an utterance is open, each stretch of speech that ends in a pause of
   * `commitPauseMs` (or, with no pause, is cut at its quietest point before `commitMaxMs`) is
   * transcribed at once; at the end only the audio after the last commit is left to transcribe.
   */
  commitAsYouGo: z.boolean().default(false),
  commitPauseMs: z.number().int().min(150).max(5000).default(400),
  commitMaxMs: z.number().int().min(2000).max(28_000).default(20_000),
  /** The end of the committed text goes into the next piece's prompt (Whisper only). */
  promptCommitted: z.boolean().default(true),
  /** Listen for wake phrases (the VAD then runs all the time, the wake models only while voice is heard). */
  wake: WakeWordConfig.optional(),
  options: TranscribeOptions,
});
export type ListenConfig = z.infer<typeof ListenConfig>;
export type ListenConfigInput = z.input<typeof ListenConfig>;

const SessionId = z.string().min(1).max(64);

/**
 * How one utterance is recognised when it differs from the listen config: the profile of the app that
 * had focus when it started (its language, its words to expect in the prompt).
 */
export const UtteranceRecognition = z.object({
  language: TranscribeOptions.shape.language.unwrap().optional(),
  initialPrompt: TranscribeOptions.shape.initialPrompt.unwrap().optional(),
});
export type UtteranceRecognition = z.infer<typeof UtteranceRecognition>;

export const UtteranceEndReason = z.enum([
  'stop',
  'auto_stop',
  'no_speech_timeout',
  'max_length',
  'input_end',
  'cancel',
]);
export type UtteranceEndReason = z.infer<typeof UtteranceEndReason>;

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
  /** Silero over a whole file or recording: its speech regions (a long file is cut between them). */
  z.object({
    type: z.literal('detect_speech'),
    id: RequestId,
    source: AudioSource,
    detection: SpeechDetection,
  }),
  z.object({ type: z.literal('abort'), id: RequestId, target: RequestId }),
  /**
   * File jobs yield to dictation: pause stops the target's current window within milliseconds (it is
   * redone after resume) and holds the stream; resume continues. Both answer ok, also before it starts.
   */
  z.object({ type: z.literal('pause'), id: RequestId, target: RequestId }),
  z.object({ type: z.literal('resume'), id: RequestId, target: RequestId }),
  z.object({ type: z.literal('status'), id: RequestId }),
  z.object({ type: z.literal('shutdown'), id: RequestId }),
  /** Arms the listener (loads the VAD model; the pre-roll starts filling). */
  z.object({ type: z.literal('listen_start'), id: RequestId, config: ListenConfig }),
  z.object({ type: z.literal('listen_stop'), id: RequestId }),
  /** Live audio, 16 kHz mono float; no reply (it streams ~30 times a second). */
  z.object({ type: z.literal('audio'), samples: z.instanceof(Float32Array) }),
  /** The input is over: an open utterance ends (reason input_end); ok once its result is sent. */
  z.object({ type: z.literal('audio_end'), id: RequestId }),
  z.object({
    type: z.literal('utterance_begin'),
    id: RequestId,
    sessionId: SessionId,
    /** False when the host sends the whole utterance itself (a replay after an engine restart). */
    withPreRoll: z.boolean().default(true),
    /** Ends by itself on silence, like an utterance the wake word opened (replayed after a restart). */
    endsOnSilence: z.boolean().default(false),
    /**
     * Text already committed for this dictation by an engine that crashed (the host kept it): the
     * replayed audio continues it (prompt, capitalisation); it is not part of this utterance's result.
     */
    priorText: z.string().max(20_000).default(''),
  }),
  /**
   * The open utterance's own recognition (the focused app is known a moment after the key press):
   * the pieces, partials and tail transcribed from here on use it.
   */
  z.object({
    type: z.literal('utterance_recognition'),
    id: RequestId,
    sessionId: SessionId,
    recognition: UtteranceRecognition,
  }),
  z.object({
    type: z.literal('utterance_end'),
    id: RequestId,
    sessionId: SessionId,
    cancel: z.boolean().default(false),
  }),
]);
export type EngineRequest = z.infer<typeof EngineRequest>;
export type EngineRequestInput = z.input<typeof EngineRequest>;

/** What loading a model found out, for either family. */
export const ModelLoadInfo = z.object({
  path: z.string(),
  type: z.string(),
  multilingual: z.boolean(),
  /** The longest audio the engine hands the model at once; longer input is cut into windows. */
  windowMs: z.number(),
  /** True while the model runs on a GPU. */
  gpu: z.boolean(),
  /** The device that runs the model now (the CPU after a fallback). */
  device: BackendDevice,
  /** Why the GPU is not used although it was asked for (missing, failed to load, failed a run). */
  gpuFallbackReason: z.string().optional(),
  /** The GPU that failed with this model, for the host to remember (see FailedGpu). */
  failedGpu: FailedGpu.optional(),
  loadMs: z.number(),
});
export type ModelLoadInfo = z.infer<typeof ModelLoadInfo>;

/** A loaded model: its family (read from the file's header) and what it can and cannot do. */
export const ModelInfo = ModelLoadInfo.extend(SpeechCapabilities.shape);
export type ModelInfo = z.infer<typeof ModelInfo>;

export const EngineStatus = z.object({
  model: ModelInfo.nullable(),
  busy: z.boolean(),
  rssBytes: z.number(),
  /** The engine's JavaScript heap in use (RSS minus this is mostly native: whisper.cpp, ggml, ONNX). */
  heapUsedBytes: z.number().optional(),
  /** Model runs started since the engine started (a silence guard test counts these). */
  transcriptions: z.number().int(),
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
    /** Length of the audio once known (from the WAV header or ffmpeg), for time remaining. */
    totalMs: z.number().nonnegative().nullable().optional(),
  }),
  z.object({ type: z.literal('segment'), id: RequestId, timestamp, segment: Segment }),
  z.object({ type: z.literal('transcript'), id: RequestId, timestamp, transcript: Transcript }),
  z.object({ type: z.literal('speech_regions'), id: RequestId, timestamp, ...SpeechRegions.shape }),
  z.object({ type: z.literal('error'), id: RequestId.nullable(), timestamp, error: SerializedError }),
  /** Listener events carry the utterance's sessionId; times are ms from the start of the input. */
  z.object({ type: z.literal('speech_start'), timestamp, sessionId: SessionId, atMs: z.number() }),
  z.object({ type: z.literal('speech_end'), timestamp, sessionId: SessionId, atMs: z.number() }),
  z.object({
    type: z.literal('utterance_closed'),
    timestamp,
    sessionId: SessionId,
    reason: UtteranceEndReason,
    /** Where the kept audio starts and ends (pre-roll included), ms from the start of the input. */
    fromMs: z.number(),
    toMs: z.number(),
    speechMs: z.number(),
  }),
  /** Live text: `text` is the committed text plus the tail decoded now; `committedText` the first part. */
  z.object({
    type: z.literal('partial'),
    timestamp,
    sessionId: SessionId,
    text: z.string(),
    committedText: z.string().optional(),
  }),
  /**
   * A piece of an open utterance, transcribed while it goes on (commit as you go). `fromMs`..`toMs`
   * is the audio it covers (ms from the start of the input), `utteranceFromMs` where the utterance's
   * kept audio begins; the transcript's times count from `fromMs`. `prompt` is what whisper was told.
   */
  z.object({
    type: z.literal('commit'),
    timestamp,
    sessionId: SessionId,
    index: z.number().int().nonnegative(),
    fromMs: z.number(),
    toMs: z.number(),
    utteranceFromMs: z.number(),
    text: z.string(),
    prompt: z.string(),
    inferenceMs: z.number().nonnegative(),
    transcript: Transcript,
  }),
  z.object({
    type: z.literal('utterance_result'),
    timestamp,
    sessionId: SessionId,
    text: z.string(),
    transcript: Transcript,
    /** The trimmed audio that was transcribed, ms from the start of the input. */
    fromMs: z.number(),
    toMs: z.number(),
    /** Pieces committed while the utterance was open (their text leads `text`); 0 without. */
    commits: z.number().int().nonnegative().default(0),
    /** Inference for the audio after the last commit (what the release waited for). */
    tailInferenceMs: z.number().nonnegative().default(0),
  }),
  /**
   * A wake phrase was heard while no utterance was open; the utterance `sessionId` starts at `atMs`
   * (the end of the phrase, ms from the start of the input), so the phrase is not transcribed.
   */
  z.object({
    type: z.literal('wake_word'),
    timestamp,
    sessionId: SessionId,
    phrase: z.string(),
    confidence: z.number(),
    atMs: z.number(),
    /** Audio since the end of the phrase already in the utterance when this was sent (ms). */
    bufferedMs: z.number().min(0),
  }),
  /** The utterance held no speech: nothing was transcribed, nothing must be pasted. */
  z.object({ type: z.literal('no_speech'), timestamp, sessionId: SessionId }),
  z.object({ type: z.literal('utterance_error'), timestamp, sessionId: SessionId, error: SerializedError }),
  /** Unrequested: a GPU run failed or passed its deadline and the model now runs on the CPU. */
  z.object({ type: z.literal('model_changed'), timestamp, model: ModelInfo }),
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

/** Requests that are answered (all but the stream of audio). */
export type AnsweredRequestType = Extract<EngineRequest, { id: string }>['type'];

/** The reply that settles each request; events (progress, segments) may come before it. */
export const ENGINE_REPLY_TO = {
  hello: 'hello',
  load_model: 'model_loaded',
  unload_model: 'ok',
  transcribe: 'transcript',
  detect_speech: 'speech_regions',
  abort: 'ok',
  pause: 'ok',
  resume: 'ok',
  status: 'status',
  shutdown: 'ok',
  listen_start: 'ok',
  listen_stop: 'ok',
  audio_end: 'ok',
  utterance_begin: 'ok',
  utterance_recognition: 'ok',
  utterance_end: 'ok',
} as const satisfies { [K in AnsweredRequestType]: EngineReply['type'] };

export type ReplyTo<T extends AnsweredRequestType> = ReplyOf<(typeof ENGINE_REPLY_TO)[T]>;
