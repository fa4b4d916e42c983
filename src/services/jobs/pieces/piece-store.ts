import type { PiecePlan } from '../../../audio/silence-split.js';
import type { Segment } from '../../../shared/transcript.js';
import type { Database } from '../../storage/database.js';

export interface StoredPiece {
  idx: number;
  start: number;
  end: number;
  segments: Segment[];
  language: string | null;
  engine: string;
}

interface PieceRow {
  idx: number;
  start_sample: number;
  end_sample: number;
  segments_json: string;
  language: string | null;
  engine: string;
}

/**
 * Finished pieces of a job, in SQLite beside the job. The job's lease rules apply: a piece is recorded
 * only by the process holding the job's lease (checked in the same statement), so a piece finished by a
 * holder that lost the job is dropped, and a job picked up after a crash reuses what was recorded
 * instead of transcribing it again. Once the job completes its pieces are forgotten.
 */
export class PieceStore {
  constructor(private readonly db: Database) {}

  /** Pieces already done for this plan (a piece whose bounds differ from the plan's is ignored). */
  done(jobId: string, plan: readonly PiecePlan[]): Map<number, StoredPiece> {
    const rows = this.db
      .prepare(
        'SELECT idx, start_sample, end_sample, segments_json, language, engine FROM job_pieces WHERE job_id = ?',
      )
      .all(jobId) as unknown as PieceRow[];
    const done = new Map<number, StoredPiece>();
    for (const row of rows) {
      const planned = plan[row.idx];
      if (!planned || planned.start !== row.start_sample || planned.end !== row.end_sample) continue;
      done.set(row.idx, {
        idx: row.idx,
        start: row.start_sample,
        end: row.end_sample,
        segments: JSON.parse(row.segments_json) as Segment[],
        language: row.language,
        engine: row.engine,
      });
    }
    return done;
  }

  /** Records a finished piece; false when this holder no longer has the job's lease. */
  record(jobId: string, ownerId: string, piece: StoredPiece, now: number): boolean {
    const result = this.db
      .prepare(
        `INSERT OR REPLACE INTO job_pieces (job_id, idx, start_sample, end_sample, segments_json, language, engine, completed_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (
           SELECT 1 FROM jobs WHERE id = ? AND state = 'processing' AND lease_owner = ?)`,
      )
      .run(
        jobId,
        piece.idx,
        piece.start,
        piece.end,
        JSON.stringify(piece.segments),
        piece.language,
        piece.engine,
        now,
        jobId,
        ownerId,
      );
    return Number(result.changes) === 1;
  }

  /** The plan's size and what is done, on the job row (what the window shows). */
  recordCounts(
    jobId: string,
    ownerId: string,
    done: number,
    total: number,
    engines: readonly string[],
  ): boolean {
    const result = this.db
      .prepare(
        `UPDATE jobs SET pieces_done = ?, pieces_total = ?, engines_json = ?
         WHERE id = ? AND state = 'processing' AND lease_owner = ?`,
      )
      .run(done, total, JSON.stringify(engines), jobId, ownerId);
    return Number(result.changes) === 1;
  }

  forget(jobId: string): void {
    this.db.prepare('DELETE FROM job_pieces WHERE job_id = ?').run(jobId);
  }
}
