import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listSessions, repairSessions } from '../../src/services/recording/session-repair.js';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { makeTempDir, projectRoot } from '../helpers/fixtures.js';

const recorderModule = path.join(projectRoot, 'dist', 'src', 'services', 'recording', 'session-recorder.js');
const hasSox = spawnSync('which', ['sox']).status === 0;

/** A child process records three dictations into a session, then is killed without stopping it. */
function recordAndDie(sessionsDir: string): void {
  const script = `
    import { SessionRecorder } from ${JSON.stringify(recorderModule)};
    const recorder = new SessionRecorder(${JSON.stringify(sessionsDir)}, { model: 'test', language: 'en', appVersion: '0' });
    for (let k = 0; k < 3; k++) {
      const audio = new Float32Array(16000 * 2).map((_, i) => 0.3 * Math.sin(i / (5 + k)));
      // Speech found 500 ms into each 2 s recording, lasting 1 s.
      recorder.addDictation(audio, [{ startMs: 0, endMs: 1000, text: 'dictation ' + k }], 500);
    }
    process.kill(process.pid, 'SIGKILL');
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script]);
  expect(result.signal).toBe('SIGKILL');
}

describe('recorded sessions survive a killed app', () => {
  let temp: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => temp?.cleanup());

  it('leaves a playable WAV and aligned, valid captions; the header is repaired on the next start', () => {
    temp = makeTempDir();
    const sessionsDir = path.join(temp.dir, 'sessions');
    recordAndDie(sessionsDir);
    const [session] = listSessions(sessionsDir);
    if (!session) throw new Error('no session recorded');
    expect(session.endedAt).toBeNull();
    // A write torn by the kill: audio bytes past what the header says.
    appendFileSync(session.audioFile, Buffer.alloc(16000 * 2 * 0.25));

    expect(repairSessions(sessionsDir)).toEqual([session.dir]);
    const [repaired] = listSessions(sessionsDir);
    expect(repaired?.recovered).toBe(true);
    expect(repaired?.endedAt).not.toBeNull();
    expect(repaired?.dictations).toBe(3);

    const header = readFileSync(session.audioFile).subarray(0, 44);
    const dataBytes = header.readUInt32LE(40);
    expect(dataBytes).toBe(16000 * 2 * (6 + 0.25));
    if (hasSox) {
      const seconds = Number(
        execFileSync('sox', ['--i', '-D', session.audioFile], { encoding: 'utf8' }).trim(),
      );
      expect(seconds).toBeCloseTo(6.25, 2);
    }
    const cues = parseVttStrict(readFileSync(session.captionsFile, 'utf8'));
    expect(cues.map((c) => c.text)).toEqual(['dictation 0', 'dictation 1', 'dictation 2']);
    cues.forEach((cue, k) => {
      expect(cue.startMs).toBe(k * 2000 + 500);
      expect(cue.endMs).toBe(k * 2000 + 1500);
    });
    // A second start finds nothing left to repair.
    expect(repairSessions(sessionsDir)).toEqual([]);
  });
});
