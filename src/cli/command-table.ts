import type { Command } from 'commander';

/**
 * The CLI's commands as `dictation --help` lists them, without loading them: each module is imported
 * only when its command runs (or its own --help is asked for), so a run pays for one command's code.
 * `usage` is what the list shows after the name (as commander would show the loaded command: a test
 * checks that).
 */
export interface CommandEntry {
  name: string;
  usage: string;
  summary: string;
  /** Adds the command's arguments, options, subcommands and action to the command named `name`. */
  load(): Promise<(command: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'transcribe',
    usage: '[options] <files...>',
    summary: 'transcribe audio or video files and write captions next to them (or to --out)',
    load: async () => (await import('./commands/transcribe.js')).defineTranscribe,
  },
  {
    name: 'models',
    usage: '',
    summary: 'list, download, import, remove and choose speech models (whisper.cpp ggml files)',
    load: async () => (await import('./commands/models.js')).defineModels,
  },
  {
    name: 'devices',
    usage: '[options]',
    summary: 'list the microphones "listen --device" can use, the default one marked',
    load: async () => (await import('./commands/devices.js')).defineDevices,
  },
  {
    name: 'listen',
    usage: '[options]',
    summary:
      'run the dictation pipeline without a window: audio -> pre-roll -> VAD -> speech model; one event per line',
    load: async () => (await import('./commands/listen.js')).defineListen,
  },
  {
    name: 'shape',
    usage: '[options] <text...>',
    summary: 'print what would be delivered for a text, after the text rules (the settings preview)',
    load: async () => (await import('./commands/shape.js')).defineShape,
  },
  {
    name: 'serve',
    usage: '[options]',
    summary: 'offer the local engine to other programs as an OpenAI-compatible transcription server',
    load: async () => (await import('./commands/serve.js')).defineServe,
  },
];

/** The command a command line runs (`dictation help X` asks for X's help): the one module to load. */
export function commandNamed(args: readonly string[]): CommandEntry | undefined {
  const first = args.find((arg) => !arg.startsWith('-'));
  const name = first === 'help' ? args[args.indexOf('help') + 1] : first;
  return COMMANDS.find((entry) => entry.name === name);
}
