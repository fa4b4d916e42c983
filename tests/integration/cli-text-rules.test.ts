import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseVttStrict } from '../helpers/caption-parsers.js';
import { cliEntry, fixtures, makeTempDir } from '../helpers/fixtures.js';

// The real CLI (dist), real files, a real data folder (DICTATION_DATA_DIR) with a settings file, and for
// transcribe and listen the real engine with the miniature model on jfk.wav.
const temp = makeTempDir('dictation-cli-rules-');
afterAll(() => temp.cleanup());

const dataDir = path.join(temp.dir, 'data');
mkdirSync(dataDir);
const rulesFile = path.join(temp.dir, 'rules.json');
writeFileSync(
  rulesFile,
  JSON.stringify({
    words: ['Kubernetes'],
    replacements: [
      { from: 'my email', to: 'ada@example.org' },
      { from: '(unclosed', to: 'x', regex: true },
    ],
    profiles: [{ app: 'xterm', rules: false }],
  }),
);
/** Every word becomes a dot: whatever the miniature model hears, the rules' effect is plain to see. */
const dotsFile = path.join(temp.dir, 'dots.json');
writeFileSync(dotsFile, JSON.stringify({ replacements: [{ from: "[\\p{L}']+", to: '•', regex: true }] }));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [cliEntry, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DICTATION_DATA_DIR: dataDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dictation shape', () => {
  it('prints what would be delivered with a rules file; a bad entry is named and left out', () => {
    const result = cli([
      'shape',
      '--rules',
      rulesFile,
      'Um, send it to my email comma and deploy it on cooper netties period new line Thanks.',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Send it to ada@example.org, and deploy it on Kubernetes.\nThanks.\n');
    expect(result.stderr).toContain('rules.json: replacements[1].from: not a valid regular expression');
    expect(result.stderr).toContain('the other rules still apply');
  });

  it("applies an app's profile with --app, and nothing with --no-rules", () => {
    expect(cli(['shape', '--rules', rulesFile, '--app', 'XTerm', 'Um, my email comma']).stdout).toBe(
      'Um, my email comma\n',
    );
    expect(cli(['shape', '--no-rules', 'Um, hi comma there']).stdout).toBe('Um, hi comma there\n');
  });

  it("reads the app's settings file by default, and explains a rules file it cannot read", () => {
    expect(cli(['shape', 'Um, hi comma there']).stdout).toBe('Hi, there\n');
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({
        schemaVersion: 2,
        text: { fillers: false, replacements: [{ from: 'hi', to: 'Hello' }] },
      }),
    );
    expect(cli(['shape', 'Um, hi comma there']).stdout).toBe('Um, Hello, there\n');
    const missing = cli(['shape', '--rules', path.join(temp.dir, 'nope.json'), 'hello']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the rules file .*nope\.json.*Export/);
    writeFileSync(path.join(temp.dir, 'list.json'), '["not", "rules"]');
    const wrong = cli(['shape', '--rules', path.join(temp.dir, 'list.json'), 'hello']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('is not a rules file');
  });

  it('--json shows every step and why nothing is left', () => {
    const result = cli(['shape', '--json', '--rules', rulesFile, 'Scratch that.']);
    const out = JSON.parse(result.stdout) as {
      text: string;
      emptyBecause: string;
      steps: { step: string }[];
    };
    expect(out).toMatchObject({ text: '', emptyBecause: 'commands' });
    expect(out.steps.map((s) => s.step)).toEqual(['commands', 'fillers', 'vocabulary', 'replace', 'spacing']);
  });
});

describe('rules on captions and live transcripts', () => {
  it('transcribe applies rules to the captions only with --rules (off by default for files)', () => {
    const plain = path.join(temp.dir, 'plain');
    const shaped = path.join(temp.dir, 'shaped');
    const common = [fixtures.jfkWav, '--model', fixtures.microModel, '--format', 'vtt'];
    expect(cli(['transcribe', ...common, '--out', plain]).code).toBe(0);
    expect(cli(['transcribe', ...common, '--out', shaped, '--rules', dotsFile]).code).toBe(0);
    const cues = (dir: string) =>
      parseVttStrict(readFileSync(path.join(dir, 'jfk.vtt'), 'utf8')).map((c) => c.text);
    const before = cues(plain);
    const after = cues(shaped);
    expect(before.join(' ')).toMatch(/\p{L}/u);
    expect(after.length).toBe(before.length);
    for (const text of after) expect(text).toMatch(/^[•\s,.!?'-]+$/u);
  });

  it('listen delivers final transcripts through the rules, keeping what was recognised as raw', () => {
    const result = cli([
      'listen',
      '--file',
      fixtures.jfkWav,
      '--model',
      fixtures.microModel,
      '--vad-model',
      fixtures.sileroVad,
      '--vad-silence',
      '400',
      '--fast',
      '--json',
      '--rules',
      dotsFile,
    ]);
    expect(result.code).toBe(0);
    const finals = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => event['type'] === 'transcript' && event['isFinal'] === true);
    expect(finals.length).toBeGreaterThan(0);
    for (const event of finals) {
      expect(String(event['text'])).toMatch(/^[•\s,.!?'-]+$/u);
      expect(String(event['raw'])).toMatch(/\p{L}/u);
    }
  });
});
