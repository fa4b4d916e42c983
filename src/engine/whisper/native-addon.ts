import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { projectRoot } from '../project-root.js';

export interface NativeSegment {
  index: number;
  startMs: number;
  endMs: number;
  text: string;
  noSpeechProb: number;
  tokens?: { text: string; startMs: number; endMs: number; p: number }[];
}

export type NativeEvent = { type: 'progress'; percent: number } | { type: 'segment'; segment: NativeSegment };

export interface NativeTranscribeOptions {
  threads: number;
  language: string;
  translate: boolean;
  initialPrompt: string;
  tokenTimestamps: boolean;
  beamSize: number;
  noSpeechThreshold: number;
  noContext: boolean;
  singleSegment?: boolean;
  suppressNonSpeech: boolean;
  /** Temperature step of whisper's fallback when a window decodes badly (0: no fallback; default 0.2). */
  temperatureInc?: number;
  vadModelPath?: string;
  offsetMs?: number;
  durationMs?: number;
  /** whisper.cpp's max_tokens (tokens per decoded segment); honoured by addons built with it. */
  maxTokens?: number;
  /** whisper.cpp's audio_ctx: encoder frames (20 ms each, 1500 = 30 s); 0 = the model's full window. */
  audioCtx?: number;
}

/** A ggml device as the addon describes it (BackendDevice in the engine protocol). */
export interface NativeDevice {
  name: string;
  description: string;
  type: string;
  backend: string;
}

export interface NativeModelInfo {
  type: string;
  multilingual: boolean;
  vocab: number;
  audioCtx: number;
  windowMs: number;
  /** The device the model was loaded on (its weights and compute). */
  device: NativeDevice;
  onGpu: boolean;
}

/** How a model is placed: on the CPU, or on the gpuDevice-th GPU as whisper.cpp counts them. */
export interface NativeLoadOptions {
  useGpu: boolean;
  gpuDevice?: number;
  flashAttn: boolean;
}

/** Whether a run-time-loaded ggml back-end registered, and if not what its library's load said. */
export interface NativeBackendStatus {
  registered: boolean;
  devices: number;
  loadError: string;
}

/** What both of the addon's model classes (WhisperModel, ParakeetModel) offer JavaScript. */
export interface NativeSpeechModel<Options, Segment, Info> {
  transcribe(
    pcm: Float32Array,
    options: Options,
    onEvent?: (event: NativeEvent) => void,
  ): Promise<{ segments: Segment[]; language: string }>;
  abort(): boolean;
  free(): void;
  info(): Info;
  isBusy(): boolean;
}

export type NativeWhisperModel = NativeSpeechModel<NativeTranscribeOptions, NativeSegment, NativeModelInfo>;

export interface NativeVadModel {
  process(samples: Float32Array): Float32Array;
  reset(): void;
  windowSamples(): number;
  free(): void;
}

export interface NativeAddon {
  loadBackends(dir?: string): NativeDevice[];
  backendStatus(name: string, file: string): NativeBackendStatus;
  systemInfo(): string;
  version(): string;
  recentLog(maxLines?: number): string[];
  setLogEcho(echo: boolean): void;
  WhisperModel: {
    load(path: string, options: NativeLoadOptions): Promise<NativeWhisperModel>;
  };
  VadModel: { load(path: string, threads: number): Promise<NativeVadModel> };
}

const ADDON_FILE = 'dictation_whisper.node';

/** Where the built addon lives: next to the sources in development, unpacked from the asar when packaged. */
export function addonDirectory(): string {
  const fromEnv = process.env['DICTATION_ADDON_DIR'];
  if (fromEnv) return fromEnv;
  const dir = path.join(projectRoot(), 'native', 'whisper-addon', 'build', 'bin');
  return dir.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

let cached: NativeAddon | undefined;

export function loadNativeAddon(): NativeAddon {
  if (cached) return cached;
  const dir = addonDirectory();
  const file = path.join(dir, ADDON_FILE);
  if (!existsSync(file)) {
    throw new AppError('internal', `The speech engine's native module is missing: ${file}`, {
      hint: 'Run "npm install" (or "npm run build:native") to build it; it needs CMake and a C++ compiler.',
    });
  }
  if (process.platform === 'win32') {
    // Windows resolves the addon's DLLs through PATH, not the addon's own folder.
    process.env['PATH'] = `${dir}${path.delimiter}${process.env['PATH'] ?? ''}`;
  }
  const require = createRequire(import.meta.url);
  const addon = require(file) as NativeAddon;
  addon.setLogEcho(process.env['DICTATION_WHISPER_LOG'] === '1');
  addon.loadBackends(dir);
  cached = addon;
  return addon;
}
