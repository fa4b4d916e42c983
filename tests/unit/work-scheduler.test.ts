import { describe, expect, it } from 'vitest';
import { WorkScheduler } from '../../src/engine/server/work-scheduler.js';

describe('the engine work scheduler', () => {
  it('runs tasks one at a time in arrival order', async () => {
    const scheduler = new WorkScheduler(() => {});
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = scheduler.schedule('a', async () => {
      order.push('a start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push('a end');
    });
    const second = scheduler.schedule('b', async () => void order.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['a start']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['a start', 'a end', 'b']);
  });

  it('never starts a task aborted before its turn, and keeps going after it', async () => {
    const scheduler = new WorkScheduler(() => {});
    let ran = false;
    scheduler.abort('late');
    const aborted = scheduler.schedule('late', async () => void (ran = true));
    await expect(aborted).rejects.toMatchObject({ kind: 'aborted' });
    expect(ran).toBe(false);
    await expect(scheduler.schedule('next', async () => 'done')).resolves.toBe('done');
  });

  it('aborts the running job through the model and wakes a paused one', async () => {
    let stops = 0;
    const scheduler = new WorkScheduler(() => stops++);
    const result = scheduler.run('job', async (job) => {
      scheduler.setPaused('job', true);
      expect(job.isPaused()).toBe(true);
      const resumed = job.untilResumed();
      scheduler.abort('job');
      await resumed;
      return { aborted: job.aborted, pauses: job.pauses() };
    });
    await expect(result).resolves.toEqual({ aborted: true, pauses: 1 });
    expect(stops).toBe(2);
    expect(scheduler.busy).toBe(false);
  });

  it('starts a job paused when the pause came before it ran', async () => {
    const scheduler = new WorkScheduler(() => {});
    scheduler.setPaused('queued', true);
    const paused = await scheduler.run('queued', async (job) => job.isPaused());
    expect(paused).toBe(true);
    scheduler.setPaused('other', true);
    scheduler.setPaused('other', false);
    expect(await scheduler.run('other', async (job) => job.isPaused())).toBe(false);
  });
});
