import { describe, expect, it } from 'vitest';
import { concurrencyLimits, threadsForNextJob } from '../../src/services/jobs/concurrency.js';
import { DictationPriority } from '../../src/services/jobs/dictation-priority.js';
import { backoffMs, DEFAULT_RETRY_POLICY, isTransient } from '../../src/services/jobs/retry-policy.js';
import { Job, JobCommand, JobEvent, JobOptions } from '../../src/shared/jobs.js';

describe('concurrency', () => {
  it('never hands out more threads than free cores, whatever the mix', () => {
    for (const cores of [1, 2, 3, 4, 8, 16, 64]) {
      const limits = concurrencyLimits({ cores });
      for (let runnable = 0; runnable <= 20; runnable++) {
        // Start jobs one by one as the queue does and check the invariant after each.
        const running = { jobs: 0, threads: 0 };
        for (;;) {
          const threads = threadsForNextJob(limits, running, runnable - running.jobs);
          if (threads === 0) break;
          running.jobs++;
          running.threads += threads;
          expect(running.threads).toBeLessThanOrEqual(cores);
          expect(running.jobs).toBeLessThanOrEqual(limits.maxJobs);
        }
        if (runnable > 0) expect(running.jobs).toBeGreaterThan(0);
      }
    }
  });

  it('gives one file every core and spreads a batch over several jobs', () => {
    const limits = concurrencyLimits({ cores: 8 });
    expect(threadsForNextJob(limits, { jobs: 0, threads: 0 }, 1)).toBe(8);
    expect(threadsForNextJob(limits, { jobs: 0, threads: 0 }, 50)).toBe(2);
    expect(threadsForNextJob(concurrencyLimits({ cores: 2 }), { jobs: 0, threads: 0 }, 50)).toBe(1);
    expect(threadsForNextJob(concurrencyLimits({ cores: 32 }), { jobs: 0, threads: 0 }, 1)).toBe(8);
    expect(threadsForNextJob(limits, { jobs: 1, threads: 8 }, 5)).toBe(0);
    expect(concurrencyLimits({ cores: 2, maxJobs: 10 }).maxJobs).toBe(2);
  });
});

describe('retry policy', () => {
  it('retries what may pass by itself and nothing that would fail again', () => {
    for (const kind of ['engine_crashed', 'engine_timeout', 'busy', 'io'] as const)
      expect(isTransient(kind)).toBe(true);
    for (const kind of [
      'audio_corrupt',
      'audio_unsupported',
      'audio_not_found',
      'audio_empty',
      'audio_silent',
      'audio_too_long',
      'model_not_found',
      'model_invalid',
      'decoder_missing',
      'output_exists',
      'aborted',
    ] as const) {
      expect(isTransient(kind)).toBe(false);
    }
  });

  it('doubles the delay after each failure up to the cap', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('dictation priority', () => {
  it('is active from the first begin to the last end, and tells listeners only on changes', () => {
    const priority = new DictationPriority();
    const changes: boolean[] = [];
    priority.onChange((active) => changes.push(active));
    priority.begin();
    const release = priority.hold();
    priority.end();
    expect(priority.active).toBe(true);
    release();
    release();
    expect(priority.active).toBe(false);
    priority.end();
    expect(priority.active).toBe(false);
    expect(changes).toEqual([true, false]);
  });
});

describe('job messages', () => {
  it('fills option defaults and refuses what the queue cannot run', () => {
    expect(JobOptions.parse({ modelPath: '/m.bin', formats: ['srt', 'srt', 'vtt'] })).toEqual({
      modelPath: '/m.bin',
      language: 'auto',
      translate: false,
      prompt: '',
      formats: ['srt', 'vtt'],
      outputDir: null,
    });
    expect(JobOptions.safeParse({ modelPath: '/m.bin', formats: [] }).success).toBe(false);
    expect(JobOptions.safeParse({ modelPath: '/m.bin', formats: ['docx'] }).success).toBe(false);
    expect(JobOptions.safeParse({ modelPath: '/m.bin', language: 'english' }).success).toBe(false);
  });

  it('validates commands and events at the edge', () => {
    expect(JobCommand.safeParse({ type: 'add_files', paths: [] }).success).toBe(false);
    expect(JobCommand.safeParse({ type: 'cancel', jobId: 'x' }).success).toBe(false);
    expect(JobCommand.parse({ type: 'clear_completed' })).toEqual({ type: 'clear_completed' });
    const job = Job.parse({
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      source: '/a.wav',
      options: { modelPath: '/m.bin' },
      state: 'pending',
      progress: 0,
      attempts: 0,
      threads: null,
      createdAt: 1,
      updatedAt: 1,
      transitions: [{ state: 'pending', at: 1 }],
      nextAttemptAt: null,
      failure: null,
      durationMs: null,
      language: null,
      segments: null,
      outputs: [],
    });
    expect(JobEvent.safeParse({ type: 'job_added', timestamp: 1, job }).success).toBe(true);
    expect(JobEvent.safeParse({ type: 'job_added', job }).success).toBe(false);
    expect(
      JobEvent.safeParse({
        type: 'job_progress',
        timestamp: 1,
        jobId: job.id,
        progress: 101,
        durationMs: null,
      }).success,
    ).toBe(false);
  });
});
