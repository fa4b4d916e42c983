import type { Segment } from '../../../shared/transcript.js';

/** One piece of audio to transcribe, with the job's options. */
export interface PieceWork {
  /** 16 kHz mono float samples. */
  samples: Float32Array;
  /** The job's model (the local engine loads it; a remote engine uses its own configured model). */
  modelPath: string;
  language: string;
  translate: boolean;
  prompt: string;
  vadModelPath?: string | undefined;
  temperatureFallback?: boolean | undefined;
  signal: AbortSignal;
}

export interface PieceResult {
  /** Times from the start of the piece. */
  segments: Segment[];
  language: string;
}

/**
 * Something that transcribes pieces: the local engine or one remote server, each with a number of
 * pieces it may run at once. `available` is false while it is known to be down (or yielding to dictation).
 */
export interface PieceExecutor {
  readonly name: string;
  readonly kind: 'local' | 'remote';
  readonly capacity: number;
  available(): boolean;
  run(work: PieceWork): Promise<PieceResult>;
  /** A piece it ran succeeded or failed for a reason of its own (not the file's). */
  noteOutcome(ok: boolean, error?: unknown): void;
  /** Called when it changes state (down, up again, dictation over): the dispatcher looks again. */
  onChange(listener: () => void): void;
  close(): Promise<void>;
}
