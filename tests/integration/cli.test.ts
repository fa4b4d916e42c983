import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';
import { parseSrtStrict, parseVttStrict } from '../helpers/caption-parsers.js';

const temp = makeTempDir('dictation-cli-');
afterAll(() => temp.cleanup());

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dictation CLI', () => {
  it('--help and --version work', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('transcribe');
    const transcribeHelp = cli(['transcribe', '--help']);
    expect(transcribeHelp.stdout).toMatch(/--format/);
    const version = cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects unknown flags and bad values with usage', () => {
    const unknown = cli(['transcribe', fixtures.jfkWav, '--model', fixtures.microModel, '--frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(unknown.stderr).toMatch(/dictation --help/);
    const badFormat = cli([
      'transcribe',
      fixtures.jfkWav,
      '--model',
      fixtures.microModel,
      '--format',
      'docx',
    ]);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toMatch(/"docx" is not a format/);
  });

  it('writes a valid .vtt for a good file while a corrupt file beside it fails with a one-line reason', () => {
    const out = path.join(temp.dir, 'out');
    const corrupt = path.join(temp.dir, 'broken.wav');
    writeFileSync(
      corrupt,
      Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVE', 'binary'), Buffer.alloc(40, 7)]),
    );
    const result = cli([
      'transcribe',
      fixtures.jfkWav,
      corrupt,
      '--model',
      fixtures.microModel,
      '--format',
      'vtt,srt',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    const vttPath = path.join(out, 'jfk.vtt');
    expect(result.stdout.split('\n')).toContain(vttPath);
    const cues = parseVttStrict(readFileSync(vttPath, 'utf8'));
    expect(cues.length).toBeGreaterThan(0);
    expect(cues.at(-1)!.endMs).toBeLessThanOrEqual(11000);
    expect(parseSrtStrict(readFileSync(path.join(out, 'jfk.srt'), 'utf8')).length).toBe(cues.length);
    const failure = result.stderr
      .split('\n')
      .filter((l) => l.includes('broken.wav') && l.startsWith('dictation:'));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/not a readable WAV file/);
    expect(existsSync(path.join(out, 'broken.vtt'))).toBe(false);
  });

  it('never overwrites an existing output silently', () => {
    const out = path.join(temp.dir, 'again');
    const first = cli([
      'transcribe',
      fixtures.jfkWav,
      '--model',
      fixtures.vocabOnlyModel,
      '--format',
      'txt,json',
      '--out',
      out,
    ]);
    expect(first.code).toBe(0);
    writeFileSync(path.join(out, 'jfk.txt'), 'my own notes');
    const second = cli([
      'transcribe',
      fixtures.jfkWav,
      '--model',
      fixtures.vocabOnlyModel,
      '--format',
      'txt',
      '--out',
      out,
    ]);
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(out, 'jfk.txt'), 'utf8')).toBe('my own notes');
    expect(second.stdout.trim()).toBe(path.join(out, 'jfk (2).txt'));
    expect(second.stderr).toMatch(/already existed/);
    expect(JSON.parse(readFileSync(path.join(out, 'jfk.json'), 'utf8')).format).toBe('dictation-transcript');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 with the reason when the model cannot be loaded', () => {
    const result = cli(['transcribe', fixtures.jfkWav, '--model', path.join(temp.dir, 'missing.bin')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Model file not found/);
  });
});
