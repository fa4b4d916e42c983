// A job queue in its own process, for tests that kill it (SIGKILL) or run two at once on one database.
// Usage: node dist/tests/helpers/jobs-child.js '{"dbFile": "...", "label": "a", ...}'
// Prints one JSON line per event on stdout and exits 0 once no job is pending or running.
import { JobQueue } from '../../src/services/jobs/job-queue.js';
import type { ConcurrencyLimits } from '../../src/services/jobs/concurrency.js';
import { openDatabase } from '../../src/services/storage/database.js';
import { trackedEngineFactory } from './jobs.js';

interface ChildConfig {
  dbFile: string;
  label: string;
  limits?: Partial<ConcurrencyLimits>;
  leaseMs?: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const write = (line: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify({ label: config.label, pid: process.pid, t: Date.now(), ...line })}\n`,
  );

const db = openDatabase(config.dbFile);
const engines = trackedEngineFactory();
const queue = new JobQueue({
  db,
  engineFactory: async () => {
    const client = await engines.factory();
    write({ type: 'engine_started', enginePid: engines.pids.at(-1) });
    return client;
  },
  ...(config.limits ? { limits: config.limits } : {}),
  ...(config.leaseMs ? { leaseMs: config.leaseMs } : {}),
});
queue.subscribe((event) => {
  if (event.type === 'job_updated' || event.type === 'job_added') {
    const { id, state, attempts, progress } = event.job;
    write({ type: event.type, jobId: id, state, attempts, progress });
  } else if (event.type === 'job_progress') {
    write({ type: event.type, jobId: event.jobId, progress: event.progress });
  }
});
write({ type: 'ready' });
queue.start();
await queue.drain();
await queue.close();
db.close();
write({ type: 'drained' });
