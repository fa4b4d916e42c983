import { describe, expect, it } from 'vitest';
import { cueFor } from '../../src/renderer/status/sound-cues.js';

describe('sound cues', () => {
  it('rises when recording starts, falls when it stops, and is silent otherwise', () => {
    expect(cueFor('idle', 'recording')).toEqual([660, 880]);
    expect(cueFor('recording', 'transcribing')).toEqual([880, 660]);
    expect(cueFor('recording', 'idle')).toEqual([880, 660]);
    expect(cueFor('transcribing', 'idle')).toBeNull();
    expect(cueFor('idle', 'idle')).toBeNull();
    expect(cueFor('recording', 'error')).toEqual([330, 220]);
  });
});
