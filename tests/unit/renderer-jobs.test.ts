import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { remainingMs } from '../../src/renderer/jobs/job-timing.js';
import { sortJobs } from '../../src/renderer/jobs/sort-jobs.js';
import { applyJobEvent, mergeJobList, type JobsState } from '../../src/renderer/store/jobs-store.js';
import { SUPPORTED_AUDIO_EXTENSIONS, unsupportedReason } from '../../src/shared/audio-files.js';
import { Job, type JobState } from '../../src/shared/jobs.js';

function job(state: JobState, createdAt: number, updatedAt = createdAt, extra: Partial<Job> = {}): Job {
  return Job.parse({
    id: randomUUID(),
    source: `/audio/${state}-${createdAt}.wav`,
    options: { modelPath: '/models/m.bin', language: 'en' },
    state,
    progress: state === 'completed' ? 100 : 0,
    attempts: 1,
    threads: null,
    createdAt,
    updatedAt,
    transitions: [{ state, at: updatedAt }],
    nextAttemptAt: null,
    failure: null,
    durationMs: null,
    language: null,
    segments: null,
    outputs: [],
    ...extra,
  });
}

const empty: JobsState = { jobs: {}, progressAt: {}, loaded: false, rejections: [] };

describe('job cards', () => {
  it('sort by state, then queue order for jobs to run and newest first for finished ones', () => {
    const jobs = [
      job('completed', 1, 50),
      job('cancelled', 2, 60),
      job('pending', 30),
      job('failed', 3, 40),
      job('processing', 5),
      job('pending', 10),
      job('completed', 4, 70),
    ];
    const sorted = sortJobs(jobs).map((j) => `${j.state}@${j.createdAt}`);
    expect(sorted).toEqual([
      'processing@5',
      'pending@10',
      'pending@30',
      'failed@3',
      'completed@4',
      'completed@1',
      'cancelled@2',
    ]);
  });

  it('apply pushed events: progress never goes back, an older copy never replaces a newer one', () => {
    const running = job('processing', 1, 10);
    let state: JobsState = {
      ...empty,
      ...applyJobEvent(empty, { type: 'job_added', timestamp: 1, job: running }),
    };
    const progress = (p: number, at: number) =>
      applyJobEvent(state, {
        type: 'job_progress',
        timestamp: at,
        jobId: running.id,
        progress: p,
        durationMs: 9000,
      });
    state = { ...state, ...progress(40, 100) };
    state = { ...state, ...progress(30, 150) };
    expect(state.jobs[running.id]?.progress).toBe(40);
    expect(state.jobs[running.id]?.durationMs).toBe(9000);
    state = { ...state, ...progress(60, 300) };
    // 20 points in 200 ms: 40 points left take 400 ms.
    expect(remainingMs(state.jobs[running.id] as Job, state.progressAt[running.id])).toBeCloseTo(400);
    state = { ...state, ...mergeJobList(state, [{ ...running, updatedAt: 5 }]) };
    expect(state.jobs[running.id]?.progress).toBe(60);
    expect(state.loaded).toBe(true);
    state = { ...state, ...applyJobEvent(state, { type: 'job_removed', timestamp: 400, jobId: running.id }) };
    expect(state.jobs).toEqual({});
  });

  it('refuse unsupported file kinds with the reason, using the engine’s own list', () => {
    expect(SUPPORTED_AUDIO_EXTENSIONS).toContain('flac');
    expect(unsupportedReason('/home/me/Talk.MP3')).toBeNull();
    expect(unsupportedReason('C:\\notes\\todo.txt')).toContain('todo.txt was not added: .txt files');
    expect(unsupportedReason('README')).toContain('it has no file extension');
  });
});
