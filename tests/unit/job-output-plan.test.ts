import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planOutputs } from '../../src/services/jobs/job-outputs.js';
import { JobOptions, type JobOutput } from '../../src/shared/jobs.js';
import { makeTempDir } from '../helpers/fixtures.js';

const temp = makeTempDir('dictation-output-plan-');
afterAll(() => temp.cleanup());

const options = (dir: string) =>
  JobOptions.parse({ modelPath: '/models/m.bin', formats: ['vtt', 'srt'], outputDir: dir });

describe('output names of a job across a crash', () => {
  it('records a name before its file exists, so a run killed in between gets the same names back', async () => {
    const dir = path.join(temp.dir, 'killed-before-create');
    let saved: JobOutput[] = [];
    // The first run dies right after the database has the first name (before the file is created).
    const killed = planOutputs('/audio/talk.mp3', options(dir), [], (planned) => {
      saved = planned;
      throw new Error('killed');
    });
    await expect(killed).rejects.toThrow('killed');
    expect(saved.map((o) => path.basename(o.path))).toEqual(['talk.vtt']);
    expect(existsSync(path.join(dir, 'talk.vtt'))).toBe(false);

    const retry = await planOutputs('/audio/talk.mp3', options(dir), saved, (planned) => (saved = planned));
    expect(retry.map((o) => path.basename(o.path))).toEqual(['talk.vtt', 'talk.srt']);
    expect(readdirSync(dir).sort()).toEqual(['talk.srt']);
  });

  it('gives a second job with the same file name its own names, never the first job’s', async () => {
    const dir = path.join(temp.dir, 'two-jobs');
    const first = await planOutputs('/a/talk.mp3', options(dir), [], () => {});
    const second = await planOutputs('/b/talk.mp3', options(dir), [], () => {});
    expect(first.map((o) => path.basename(o.path))).toEqual(['talk.vtt', 'talk.srt']);
    expect(second.map((o) => path.basename(o.path))).toEqual(['talk (2).vtt', 'talk (2).srt']);
  });
});
