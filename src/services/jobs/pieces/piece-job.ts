import { readAudioFile } from '../../../audio/open-audio.js';
import {
  needsCutting,
  planPieces,
  type Pause,
  type PiecePlan,
  type SplitOptions,
} from '../../../audio/silence-split.js';
import { samplesToMs } from '../../../shared/audio.js';
import { AppError } from '../../../shared/errors.js';
import type { Job } from '../../../shared/jobs.js';
import type { Segment, Transcript } from '../../../shared/transcript.js';
import type { PieceDispatcher } from './piece-dispatcher.js';
import type { PieceStore, StoredPiece } from './piece-store.js';

/** Peak below -60 dBFS: no speech, never sent to an engine (as the engine itself does). */
const SILENCE_PEAK = 0.001;

export interface PieceJobContext {
  job: Job;
  ownerId: string;
  dispatcher: PieceDispatcher;
  pieces: PieceStore;
  split: SplitOptions;
  /** Where a long file may be cut (the VAD's pauses); null: the energy detector decides. */
  findPauses: (length: number) => Promise<Pause[] | null>;
  signal: AbortSignal;
  onProgress: (done: number, total: number, durationMs: number) => void;
  onSegment: (segment: Segment) => void;
}

function isSilent(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i] ?? 0) >= SILENCE_PEAK) return false;
  return true;
}

/** Segments of a piece moved to the file's time line, kept inside the piece. */
function onFileTimeline(piece: PiecePlan, segments: readonly Segment[]): Segment[] {
  const offset = samplesToMs(piece.start);
  const end = samplesToMs(piece.end);
  return segments.map((s) => {
    const startMs = Math.min(end, s.startMs + offset);
    const moved: Segment = { ...s, startMs, endMs: Math.max(startMs, Math.min(end, s.endMs + offset)) };
    if (s.tokens)
      moved.tokens = s.tokens.map((t) => ({ ...t, startMs: t.startMs + offset, endMs: t.endMs + offset }));
    return moved;
  });
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

/**
 * One job transcribed in pieces over every engine: the file decoded, cut in pauses between speech, each
 * piece not already recorded (from an earlier, interrupted attempt) handed to the dispatcher, each result
 * recorded under the job's lease as it arrives, and the pieces' segments stitched on the file's time line.
 * Progress counts pieces.
 */
export async function transcribeInPieces(ctx: PieceJobContext): Promise<Transcript & { engines: string[] }> {
  const started = Date.now();
  const { job } = ctx;
  const samples = await readAudioFile(job.source);
  const decodeMs = Date.now() - started;
  const audioMs = samplesToMs(samples.length);
  const pauses = needsCutting(samples.length, ctx.split) ? await ctx.findPauses(samples.length) : null;
  const plan = planPieces(samples, ctx.split, pauses);
  const done = ctx.pieces.done(job.id, plan);
  const engines = () => [...new Set([...done.values()].map((p) => p.engine))];
  const lost = () => new AppError('aborted', `${job.source}: the job left this queue`);
  if (!ctx.pieces.recordCounts(job.id, ctx.ownerId, done.size, plan.length, engines())) throw lost();
  ctx.onProgress(done.size, plan.length, audioMs);

  const inner = new AbortController();
  const abort = () => inner.abort();
  ctx.signal.addEventListener('abort', abort);
  let anySpeech = [...done.values()].some((p) => p.segments.length > 0);
  try {
    await Promise.all(
      plan.map(async (piece, idx) => {
        if (done.has(idx)) return;
        const audio = samples.subarray(piece.start, piece.end);
        let stored: StoredPiece;
        if (isSilent(audio)) {
          stored = { idx, start: piece.start, end: piece.end, segments: [], language: null, engine: 'none' };
        } else {
          anySpeech = true;
          const result = await ctx.dispatcher.submit(
            {
              samples: audio,
              modelPath: job.options.modelPath,
              language: job.options.language,
              translate: job.options.translate,
              prompt: job.options.prompt,
              vadModelPath: job.options.vadModelPath,
              temperatureFallback: job.options.temperatureFallback,
              signal: inner.signal,
            },
            plan.length > 1 ? `${job.source} (piece ${idx + 1} of ${plan.length})` : job.source,
          );
          const segments = onFileTimeline(piece, result.segments);
          stored = {
            idx,
            start: piece.start,
            end: piece.end,
            segments,
            language: result.language || null,
            engine: result.engine,
          };
        }
        if (!ctx.pieces.record(job.id, ctx.ownerId, stored, Date.now())) throw lost();
        done.set(idx, stored);
        for (const segment of stored.segments) ctx.onSegment(segment);
        ctx.pieces.recordCounts(job.id, ctx.ownerId, done.size, plan.length, engines());
        ctx.onProgress(done.size, plan.length, audioMs);
      }),
    );
  } catch (error) {
    inner.abort();
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', abort);
  }
  if (!anySpeech) {
    throw new AppError('audio_silent', `${job.source}: contains only silence, nothing to transcribe`, {
      hint: 'Check that the right file was added and that it has sound.',
    });
  }
  const ordered = [...done.values()].sort((a, b) => a.idx - b.idx);
  return {
    segments: ordered.flatMap((p) => p.segments),
    language: mostCommon(ordered.map((p) => p.language ?? '')),
    audioMs,
    timings: { decodeMs, inferenceMs: Date.now() - started - decodeMs },
    engines: engines().filter((e) => e !== 'none'),
  };
}
