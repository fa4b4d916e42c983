import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../engine/project-root.js';
import { AppError } from '../../shared/errors.js';

/** What naudiodon's N-API binding exports (its index.js is not used: see native/audio-capture). */
export interface PaDeviceInfo {
  id: number;
  name: string;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultSampleRate: number;
  hostAPIName: string;
}

export interface PaInputOptions {
  deviceId: number;
  sampleRate: number;
  channelCount: number;
  sampleFormat: 1 | 8 | 16 | 24 | 32;
  framesPerBuffer: number;
  maxQueue: number;
  closeOnError: boolean;
}

export interface PaAudioIO {
  start(): void;
  read(bytes: number): Promise<{ buf?: Buffer; finished?: boolean; err?: string }>;
  quit(mode: 'WAIT' | 'ABORT'): Promise<void>;
}

export interface NaudiodonBinding {
  getDevices(): PaDeviceInfo[];
  create(options: { inOptions: PaInputOptions }): PaAudioIO;
}

let cached: NaudiodonBinding | undefined;

function captureBinaryDirectory(): string {
  const dir = path.join(projectRoot(), 'native', 'audio-capture', 'build', 'bin');
  return dir.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

export function loadNaudiodon(): NaudiodonBinding {
  if (cached) return cached;
  const dir = captureBinaryDirectory();
  const file = path.join(dir, 'naudiodon.node');
  if (!existsSync(file)) {
    throw new AppError('internal', `The microphone module is missing: ${file}`, {
      hint: 'Run "npm install" (or "npm run build:native") to build it.',
    });
  }
  if (process.platform === 'win32') {
    process.env['PATH'] = `${dir}${path.delimiter}${process.env['PATH'] ?? ''}`;
  }
  cached = createRequire(import.meta.url)(file) as NaudiodonBinding;
  return cached;
}
