// `dictation`: the headless entry point over the same engine the app uses (started by ./index.ts).
// Every command is registered by name and summary; only the one that runs is loaded (command-table.ts).
import { Command, CommanderError, Help } from 'commander';
import { appVersion } from '../engine/project-root.js';
import { COMMANDS, commandNamed } from './command-table.js';

const program = new Command()
  .name('dictation')
  .description('Private, local speech-to-text: transcribe files to captions with whisper.cpp.')
  .version(appVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run "dictation --help" for usage)')
  .exitOverride();

const args = process.argv.slice(2);
const selected = commandNamed(args);
for (const entry of COMMANDS) {
  const command = program.command(entry.name).description(entry.summary);
  if (entry === selected) (await entry.load())(command);
}
// The list shows each command as its loaded self would be shown: name, [options], arguments.
program.configureHelp({
  subcommandTerm(this: Help, command: Command): string {
    const entry = COMMANDS.find((e) => e.name === command.name());
    return entry ? `${entry.name} ${entry.usage}`.trim() : Help.prototype.subcommandTerm.call(this, command);
  },
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help, version and usage errors have been printed by commander already.
    process.exitCode = error.exitCode;
  } else {
    console.error(`dictation: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
