import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineClient } from '../../engine/client/engine-client.js';
import { AppError } from '../../shared/errors.js';
import type { TranscribeOptionsInput, Transcript } from '../../shared/transcript.js';

/** One model the server offers, by the id clients put in the `model` field. */
export interface ServedModel {
  id: string;
  path: string;
}

export interface ServerTranscriber {
  readonly models: readonly ServedModel[];
  /** The uploaded bytes are audio or video in any format the app reads. */
  transcribe(model: ServedModel, audio: Uint8Array, options: TranscribeOptionsInput): Promise<Transcript>;
  close(): Promise<void>;
}

/**
 * The resident engine behind `dictation serve`: one engine process with the model loaded, one request
 * at a time (whisper.cpp already uses every thread it is given), the others waiting their turn. The
 * upload is written to a private temporary file that the engine decodes, off this process.
 */
export class ResidentTranscriber implements ServerTranscriber {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private dir: string | null = null;
  private readonly listModels: () => readonly ServedModel[];

  /**
   * `engine` gives the engine with `model` loaded. `models` may be a function, asked at each request
   * (the app serves whichever model is active now).
   */
  constructor(
    private readonly engine: (model: ServedModel) => Promise<EngineClient>,
    models: readonly ServedModel[] | (() => readonly ServedModel[]),
    private readonly maxWaiting = 32,
  ) {
    this.listModels = typeof models === 'function' ? models : () => models;
  }

  get models(): readonly ServedModel[] {
    return this.listModels();
  }

  async transcribe(
    model: ServedModel,
    audio: Uint8Array,
    options: TranscribeOptionsInput,
  ): Promise<Transcript> {
    if (this.waiting >= this.maxWaiting)
      throw new AppError('busy', `${this.waiting} requests are already waiting; try again later.`);
    this.waiting++;
    const turn = this.tail.then(() => this.runOne(model, audio, options));
    this.tail = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      this.waiting--;
    }
  }

  private async runOne(
    model: ServedModel,
    audio: Uint8Array,
    options: TranscribeOptionsInput,
  ): Promise<Transcript> {
    this.dir ??= await mkdtemp(path.join(os.tmpdir(), 'dictation-serve-'));
    const file = path.join(this.dir, `upload-${process.hrtime.bigint()}`);
    await writeFile(file, audio, { mode: 0o600 });
    try {
      const client = await this.engine(model);
      return await client.transcribe({ kind: 'file', path: file }, options).result;
    } finally {
      await rm(file, { force: true });
    }
  }

  async close(): Promise<void> {
    await this.tail;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
