import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { KeepUntilDone } from '../../src/main/hosts/electron/shell-model/keep-until-done.js';

describe('KeepUntilDone', () => {
  it('holds each item until one of its done events, and at most max of them', () => {
    const kept = new KeepUntilDone<EventEmitter>((item, release) => {
      for (const event of ['click', 'close', 'failed']) item.once(event, release);
    }, 3);
    const first = kept.keep(new EventEmitter());
    const second = kept.keep(new EventEmitter());
    expect(kept.size).toBe(2);
    first.emit('click');
    expect(kept.size).toBe(1);
    second.emit('failed', {}, 'no notification server');
    expect(kept.size).toBe(0);
    for (let i = 0; i < 5; i++) kept.keep(new EventEmitter());
    expect(kept.size).toBe(3);
  });
});
