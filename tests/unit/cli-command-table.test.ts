import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandNamed } from '../../src/cli/command-table.js';

describe('the CLI command table (commands load lazily)', () => {
  it('lists each command as commander shows the loaded command, and each loads its options and action', async () => {
    for (const entry of COMMANDS) {
      const command = new Command(entry.name).description(entry.summary);
      (await entry.load())(command);
      expect(`${entry.name} ${entry.usage}`.trim(), entry.name).toBe(new Help().subcommandTerm(command));
      const hasWork =
        command.commands.length > 0 || (command as unknown as { _actionHandler: unknown })._actionHandler;
      expect(hasWork, `${entry.name} runs something`).toBeTruthy();
    }
  });

  it('finds the one command a command line runs, including "help NAME"', () => {
    expect(commandNamed(['transcribe', 'a.wav'])?.name).toBe('transcribe');
    expect(commandNamed(['help', 'models'])?.name).toBe('models');
    expect(commandNamed(['devices', '--json'])?.name).toBe('devices');
    expect(commandNamed(['--help'])).toBeUndefined();
    expect(commandNamed(['frobnicate'])).toBeUndefined();
  });
});
