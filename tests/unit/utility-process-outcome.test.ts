import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExitReport } from '../../src/main/hosts/electron/shell-model/exit-report.js';
import { readRemainingOutput } from '../../src/main/hosts/electron/shell-model/late-output.js';
import {
  awaitProbeOutcome,
  type ProbeChild,
} from '../../src/main/hosts/electron/shell-model/probe-outcome.js';

/** A child as the probe sees it; `killed` records that the probe ended it. */
function fakeChild() {
  const events = new EventEmitter();
  const child: ProbeChild & { killed: boolean } = {
    killed: false,
    onMessage: (listener) => events.on('message', listener),
    onExit: (listener) => events.once('exit', listener),
    kill() {
      this.killed = true;
    },
  };
  return { child, events };
}

describe('the hook probe waits for the answer message', () => {
  it('takes the answer, ignores other messages, and ends the child', async () => {
    const { child, events } = fakeChild();
    const outcome = awaitProbeOutcome(child, 1000);
    events.emit('message', { type: 'something else' });
    events.emit('message', {
      type: 'hook_probe',
      ok: false,
      error: 'UIOHOOK_ERROR_X_RECORD_NOT_FOUND: no RECORD',
    });
    events.emit('exit', 0);
    expect(await outcome).toEqual({ kind: 'failed', error: 'UIOHOOK_ERROR_X_RECORD_NOT_FOUND: no RECORD' });
    expect(child.killed).toBe(true);
  });

  it('an exit without an answer (a native abort) and a child that never answers', async () => {
    const exited = fakeChild();
    const outcome = awaitProbeOutcome(exited.child, 1000);
    exited.events.emit('exit', 134);
    expect(await outcome).toEqual({ kind: 'exited', code: 134 });
    const silent = fakeChild();
    expect(await awaitProbeOutcome(silent.child, 20)).toEqual({ kind: 'timed_out' });
    expect(silent.child.killed).toBe(true);
  });

  it('reads output that arrives after the exit, from streams nobody listened to', async () => {
    const stderr = new PassThrough();
    stderr.write('xrecord_start [1024]: ');
    stderr.removeAllListeners(); // what Electron does as it emits 'exit'
    setTimeout(() => stderr.end('XOpenDisplay failure!\n'), 20);
    expect(await readRemainingOutput([null, stderr], 1000)).toBe(
      'xrecord_start [1024]: XOpenDisplay failure!\n',
    );
  });
});

describe("the engine's exit report", () => {
  it("puts the engine's own fatal report first, then its output", () => {
    const report = new ExitReport(200);
    report.noteOutput('ggml: loading\n');
    report.noteMessage({ type: 'log', timestamp: 1, level: 'info', message: 'model loaded' });
    report.noteMessage({
      type: 'log',
      timestamp: 2,
      level: 'error',
      message: 'uncaught exception in the engine',
      data: { kind: 'internal', message: 'out of memory', detail: 'at decode (whisper.js:1)' },
    });
    report.noteMessage({ type: 'log', level: 'error' }); // malformed: ignored
    expect(report.text()).toBe(
      'uncaught exception in the engine: out of memory\nat decode (whisper.js:1)\nggml: loading',
    );
  });
});
