/**
 * The database schema, as ordered migrations. A migration is never edited once released: add a new one.
 * `user_version` records how many have been applied.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'dictation history with full-text search',
    sql: `
      CREATE TABLE history (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        text TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        model TEXT NOT NULL,
        language TEXT,
        timings_json TEXT NOT NULL DEFAULT '{}',
        delivery TEXT NOT NULL DEFAULT 'none',
        app TEXT
      );
      CREATE INDEX history_created_at ON history(created_at DESC);
      CREATE VIRTUAL TABLE history_fts USING fts5(text, content='history', content_rowid='rowid');
      CREATE TRIGGER history_ai AFTER INSERT ON history BEGIN
        INSERT INTO history_fts(rowid, text) VALUES (new.rowid, new.text);
      END;
      CREATE TRIGGER history_ad AFTER DELETE ON history BEGIN
        INSERT INTO history_fts(history_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      END;
      CREATE TRIGGER history_au AFTER UPDATE OF text ON history BEGIN
        INSERT INTO history_fts(history_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO history_fts(rowid, text) VALUES (new.rowid, new.text);
      END;
    `,
  },
  {
    version: 2,
    description: 'file transcription jobs with a lease so one process runs each job at a time',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        options_json TEXT NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('pending', 'processing', 'completed', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        retry_base INTEGER NOT NULL DEFAULT 0,
        threads INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        transitions_json TEXT NOT NULL,
        next_attempt_at INTEGER,
        failure_json TEXT,
        duration_ms REAL,
        language TEXT,
        segments_json TEXT,
        outputs_json TEXT NOT NULL DEFAULT '[]',
        planned_outputs_json TEXT NOT NULL DEFAULT '[]',
        lease_owner TEXT,
        lease_expires_at INTEGER
      );
      CREATE INDEX jobs_state ON jobs(state, next_attempt_at, created_at);
    `,
  },
  {
    version: 3,
    description: 'history search index forgets deleted dictations at once (FTS5 secure-delete)',
    sql: `
      INSERT INTO history_fts(history_fts, rank) VALUES ('secure-delete', 1);
    `,
  },
  {
    version: 4,
    description:
      'history keeps the recognised text beside the delivered one, the kept audio and other transcripts of it',
    sql: `
      ALTER TABLE history ADD COLUMN raw_text TEXT;
      ALTER TABLE history ADD COLUMN audio_ms INTEGER;
      ALTER TABLE history ADD COLUMN versions_json TEXT NOT NULL DEFAULT '[]';
      CREATE INDEX history_audio ON history(created_at) WHERE audio_ms IS NOT NULL;
    `,
  },
  {
    version: 5,
    description:
      'pieces of long file jobs, transcribed in parallel on several engines and kept across restarts',
    sql: `
      CREATE TABLE job_pieces (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_sample INTEGER NOT NULL,
        end_sample INTEGER NOT NULL,
        segments_json TEXT NOT NULL,
        language TEXT,
        engine TEXT NOT NULL,
        completed_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, idx)
      );
      ALTER TABLE jobs ADD COLUMN pieces_total INTEGER;
      ALTER TABLE jobs ADD COLUMN pieces_done INTEGER;
      ALTER TABLE jobs ADD COLUMN engines_json TEXT;
    `,
  },
];
