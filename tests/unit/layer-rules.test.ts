import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/fixtures.js';

/**
 * The layers of the tree are enforced by eslint.config.js. Each case lints one deliberate violation as
 * if it were a file in that folder (nothing is written) and expects the layer rule to refuse it, and
 * one allowed import to pass, so a rule that is lost or loosened fails here.
 */
const VIOLATIONS: { file: string; imports: string; why: string }[] = [
  { file: 'src/shared/x.ts', imports: 'node:fs', why: 'shared imports no Node' },
  {
    file: 'src/shared/x.ts',
    imports: '../services/jobs/job-queue.js',
    why: 'shared imports no layer above it',
  },
  { file: 'src/audio/x.ts', imports: '../engine/server.js', why: 'audio imports only shared' },
  { file: 'src/engine/x.ts', imports: 'electron', why: 'the engine never imports Electron' },
  { file: 'src/engine/x.ts', imports: '../services/jobs/job-queue.js', why: 'the engine imports no service' },
  { file: 'src/services/jobs/x.ts', imports: 'electron', why: 'services never import Electron' },
  {
    file: 'src/services/jobs/x.ts',
    imports: '../../main/app/create-app-core.js',
    why: 'services import no app code',
  },
  {
    file: 'src/services/jobs/x.ts',
    imports: '../../main/hosts/electron/window.js',
    why: 'services import no host',
  },
  { file: 'src/main/app/x.ts', imports: 'electron', why: 'the app layer never imports Electron' },
  { file: 'src/main/app/x.ts', imports: '../hosts/electron/window.js', why: 'the app layer imports no host' },
  {
    file: 'src/main/hosts/headless/x.ts',
    imports: 'electron',
    why: 'the headless host runs without Electron',
  },
  {
    file: 'src/main/hosts/headless/x.ts',
    imports: '../electron/window.js',
    why: 'the headless host imports no Electron host code',
  },
  {
    file: 'src/main/hosts/electron/x.ts',
    imports: '../../../renderer/App.js',
    why: 'main never imports the window',
  },
  { file: 'src/cli/x.ts', imports: 'electron', why: 'the CLI never imports Electron' },
  {
    file: 'src/cli/x.ts',
    imports: '../main/app/create-app-core.js',
    why: 'the CLI imports no main-process code',
  },
  { file: 'src/renderer/x.ts', imports: 'node:path', why: 'the window imports no Node' },
  {
    file: 'src/renderer/x.ts',
    imports: '../services/jobs/job-queue.js',
    why: 'the window imports no service',
  },
  {
    file: 'src/preload/x.ts',
    imports: '../services/jobs/job-queue.js',
    why: 'the preload imports only shared',
  },
];

const ALLOWED: { file: string; imports: string }[] = [
  { file: 'src/main/hosts/electron/x.ts', imports: 'electron' },
  { file: 'src/preload/x.ts', imports: 'electron' },
  { file: 'src/services/jobs/x.ts', imports: '../../engine/client/engine-client.js' },
  { file: 'src/main/app/x.ts', imports: '../../services/jobs/job-queue.js' },
  { file: 'src/cli/x.ts', imports: '../services/models/model-manager.js' },
  { file: 'src/engine/x.ts', imports: '../audio/wav-header.js' },
];

let eslint: ESLint;

async function layerErrors(file: string, imports: string): Promise<string[]> {
  const code = `import { thing } from '${imports}';\nexport const used = thing;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rules', () => {
  beforeAll(async () => {
    eslint = new ESLint({ cwd: projectRoot });
    // The first lint loads the whole config (typescript-eslint, plugins): seconds, once.
    await layerErrors('src/shared/warm-up.ts', './errors.js');
  }, 120_000);

  it.each(VIOLATIONS)('refuses $imports in $file ($why)', async ({ file, imports }) => {
    expect(await layerErrors(file, imports)).not.toEqual([]);
  });

  it.each(ALLOWED)('allows $imports in $file', async ({ file, imports }) => {
    expect(await layerErrors(file, imports)).toEqual([]);
  });
});
