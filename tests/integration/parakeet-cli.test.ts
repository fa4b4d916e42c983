import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import {
  cliEntry,
  fixtures,
  makeTempDir,
  parakeetTestModel,
  tinyParakeetModel,
} from '../helpers/fixtures.js';
import { tensorHeaderOffset, withHparam } from '../helpers/ggml-edit.js';
import { guardedRun } from '../helpers/guarded-run.js';

// `dictation transcribe` with Parakeet models, through the real CLI, engine process and addon.
// Before the model file check, whisper.cpp's own tiny Parakeet test model given as --model made the
// engine grow to 24 GB: every run here is watched and stopped at 1.5 GB, so a regression fails fast.
const temp = makeTempDir('dictation-parakeet-cli-');
afterAll(() => temp.cleanup());

/** whisper.cpp's own test model: runs, but decodes only blanks. */
const upstreamTiny = parakeetTestModel();
/** tests/tools/gen-random-parakeet.py --preset tiny: emits words with times. */
const tiny = tinyParakeetModel();
const JFK_MS = 11_000;
const GUARD = { maxRssBytes: 1.5e9, timeoutMs: 60_000 };

function transcribe(model: string, extra: string[] = [], outName = 'out') {
  const out = path.join(temp.dir, outName);
  const args = [cliEntry, 'transcribe', fixtures.jfkWav, '--model', model, '--out', out, ...extra];
  return { out, run: guardedRun(process.execPath, args, GUARD) };
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('dictation:'));
}

describe('dictation transcribe --model <parakeet file>', () => {
  it("runs whisper.cpp's own Parakeet test model as a Parakeet model, in bounded memory (was: 24 GB)", async () => {
    const { out, run } = transcribe(upstreamTiny, ['--format', 'vtt'], 'upstream');
    const result = await run;
    expect(result.killed).toBeNull();
    expect(result.code).toBe(0);
    // It decodes only blanks: a valid WebVTT without cues.
    expect(parseVttStrict(readFileSync(path.join(out, 'jfk.vtt'), 'utf8'))).toEqual([]);
    expect(result.peakRssBytes).toBeLessThan(800e6);
  });

  it('transcribes with the Parakeet model (family read from the file) and writes a valid WebVTT', async () => {
    // Named like a Whisper model: the header decides.
    const disguised = path.join(temp.dir, 'ggml-base.en.bin');
    copyFileSync(tiny, disguised);
    const { out, run } = transcribe(disguised, ['--format', 'vtt,json']);
    const result = await run;
    expect(result.killed).toBeNull();
    expect(result.stderr).not.toMatch(/restarted/);
    expect(result.code).toBe(0);
    const vtt = path.join(out, 'jfk.vtt');
    expect(result.stdout.split('\n')).toContain(vtt);
    const cues = parseVttStrict(readFileSync(vtt, 'utf8'));
    expect(cues.length).toBeGreaterThan(0);
    let previous = 0;
    for (const cue of cues) {
      expect(cue.startMs).toBeGreaterThanOrEqual(previous);
      expect(cue.endMs).toBeGreaterThan(cue.startMs);
      expect(cue.endMs).toBeLessThanOrEqual(JFK_MS);
      previous = cue.startMs;
    }
    // The JSON export carries every token with its time, inside its segment.
    const json = JSON.parse(readFileSync(path.join(out, 'jfk.json'), 'utf8')) as {
      segments: { startMs: number; endMs: number; tokens?: { startMs: number; endMs: number }[] }[];
    };
    const tokens = json.segments.flatMap((s) => s.tokens ?? []);
    expect(tokens.length).toBeGreaterThan(0);
    for (const segment of json.segments) {
      for (const token of segment.tokens ?? []) {
        expect(token.startMs).toBeGreaterThanOrEqual(segment.startMs);
        expect(token.endMs).toBeLessThanOrEqual(segment.endMs);
      }
    }
    // Its memory is the model's, not without bound.
    expect(result.peakRssBytes).toBeLessThan(800e6);
  });

  it('says that Parakeet cannot translate or take a prompt instead of silently ignoring them', async () => {
    const { run } = transcribe(tiny, ['--translate', '--prompt', 'Kubernetes, Grafana'], 'warned');
    const result = await run;
    expect(result.code).toBe(0);
    const warnings = errorLines(result.stderr).filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      'dictation: warning: Parakeet cannot translate: the speech is transcribed in its own language.',
      'dictation: warning: Parakeet takes no initial prompt: the prompt is not used (vocabulary replacements still apply).',
    ]);
  });
});

describe('model files the engine refuses before loading (exit 2, with the reason)', () => {
  const bytes = readFileSync(upstreamTiny);

  async function refused(model: string): Promise<string> {
    const { run } = transcribe(model, [], `refused-${path.basename(model)}`);
    const result = await run;
    expect(result.killed).toBeNull();
    expect(result.code).toBe(2);
    expect(result.wallMs).toBeLessThan(15_000);
    const lines = errorLines(result.stderr);
    expect(lines).toHaveLength(1);
    return lines[0] as string;
  }

  it('a truncated Parakeet file', async () => {
    const cut = path.join(temp.dir, 'parakeet-cut.bin');
    writeFileSync(cut, bytes.subarray(0, tensorHeaderOffset(bytes, 'joint.enc.weight') + 40));
    expect(await refused(cut)).toMatch(
      /parakeet-cut\.bin is a truncated Parakeet model: tensor \d+ of 51 \("joint\.enc\.weight"\) needs 256 bytes/,
    );
  });

  it('a ggml file of another kind (the Silero VAD model) and a file that is not a model', async () => {
    const vad = path.join(temp.dir, 'ggml-small.bin');
    copyFileSync(fixtures.sileroVad, vad);
    expect(await refused(vad)).toMatch(/ggml-small\.bin is a Silero VAD model, not a whisper speech model/);
    const page = path.join(temp.dir, 'ggml-tiny.bin');
    writeFileSync(page, '<!DOCTYPE html><html><body>Rate limited</body></html>');
    expect(await refused(page)).toMatch(
      /is a web page, not a whisper\.cpp ggml model \(a failed download\?\)/,
    );
  });

  it('hyper-parameters that would make the loader allocate without bound', async () => {
    const parakeet = path.join(temp.dir, 'parakeet-huge.bin');
    writeFileSync(parakeet, withHparam(bytes, 1, 1 << 30)); // n_audio_ctx: a 10-year encoder graph
    expect(await refused(parakeet)).toMatch(/not one a real model has \(nAudioCtx=1073741824\)/);
    // A Whisper header whose vocabulary claims 2^31-1 tokens.
    const whisper = Buffer.from(readFileSync(fixtures.vocabOnlyModel));
    whisper.writeInt32LE(0x7fffffff, 4 + 11 * 4 + 8 + 80 * 201 * 4);
    const vocab = path.join(temp.dir, 'whisper-vocab.bin');
    writeFileSync(vocab, whisper);
    expect(await refused(vocab)).toMatch(
      /whisper-vocab\.bin is a whisper\.cpp model with a damaged vocabulary/,
    );
  });
});
