import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { EngineClient } from '../../src/engine/client/engine-client.js';
import { forkEngineChannel } from '../../src/engine/client/fork-channel.js';
import { checkVadFile } from '../../src/services/models/vad-model.js';
import { describeError, serializeError } from '../../src/shared/errors.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';

const temp = makeTempDir('dictation-cli-hints-');
afterAll(() => temp.cleanup());

/** Every help text of a command and its subcommands. */
function helpTexts(command: Command): string[] {
  return [command.helpInformation(), ...command.commands.flatMap(helpTexts)];
}

describe('the CLI names its own commands; the window names the window', () => {
  it('every "dictation X" that a help text mentions is a command that exists', async () => {
    const program = new Command('dictation');
    for (const entry of COMMANDS)
      (await entry.load())(program.command(entry.name).description(entry.summary));
    const mentioned = new Set(
      helpTexts(program).flatMap((text) => [...text.matchAll(/"dictation (\w+)/g)].map((m) => m[1])),
    );
    expect(mentioned.size).toBeGreaterThan(0);
    expect(mentioned).toContain('devices');
    for (const name of mentioned)
      expect(
        COMMANDS.map((c) => c.name),
        name,
      ).toContain(name);
  });

  it('a missing VAD model: "dictation models vad" on the command line, the Models tab in the window', async () => {
    const missing = path.join(temp.dir, 'vad', 'ggml-silero-v6.2.0.bin');
    const error = serializeError(await checkVadFile(missing).catch((e: unknown) => e));
    expect(describeError(error, 'cli')).toContain('"dictation models vad"');
    expect(describeError(error, 'cli')).not.toMatch(/Models tab/);
    expect(describeError(error)).toMatch(/Models tab/);
    expect(describeError(error)).not.toMatch(/dictation models/);

    const listen = await runCli(['listen', '--file', fixtures.jfkWav, '--model', fixtures.microModel], {
      DICTATION_DATA_DIR: temp.dir,
      DICTATION_VAD_MODEL: missing,
    });
    expect(listen.code).toBe(2);
    expect(listen.stderr).toContain('"dictation models vad"');
    expect(listen.stderr).not.toMatch(/Models tab|hotkey/);
  });

  it('an engine that stops: "restarted automatically" in the window only', async () => {
    const exits = path.join(temp.dir, 'exits.mjs');
    writeFileSync(exits, 'process.exit(3);\n');
    const error = await EngineClient.connect(forkEngineChannel({ entry: exits }), 'hints-test').catch(
      (e: unknown) => serializeError(e),
    );
    if (error instanceof EngineClient) throw new Error('the engine should not have answered');
    expect(error.kind).toBe('engine_crashed');
    expect(describeError(error)).toMatch(/restarted automatically/);
    expect(describeError(error, 'cli')).not.toMatch(/restarted automatically/);
    expect(describeError(error, 'cli')).toMatch(/--no-gpu/);
  });

  it('a model path that does not exist names the CLI commands, not the Models tab', async () => {
    const result = await runCli(['transcribe', fixtures.jfkWav, '--model', path.join(temp.dir, 'nope.bin')], {
      DICTATION_DATA_DIR: temp.dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Model file not found/);
    expect(result.stderr).toContain('dictation models download');
    expect(result.stderr).not.toMatch(/Models tab/);
  });
});
