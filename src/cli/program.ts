// `dictation`: the headless entry point over the same engine the app uses (started by ./index.ts).
import { Command, CommanderError } from 'commander';
import { appVersion } from '../engine/project-root.js';
import { registerListen } from './commands/listen.js';
import { registerModels } from './commands/models.js';
import { registerServe } from './commands/serve.js';
import { registerShape } from './commands/shape.js';
import { registerTranscribe } from './commands/transcribe.js';

const program = new Command()
  .name('dictation')
  .description('Private, local speech-to-text: transcribe files to captions with whisper.cpp.')
  .version(appVersion(), '-V, --version', 'print the version')
  .showHelpAfterError('(run "dictation --help" for usage)')
  .exitOverride();

registerTranscribe(program);
registerModels(program);
registerListen(program);
registerShape(program);
registerServe(program);

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
