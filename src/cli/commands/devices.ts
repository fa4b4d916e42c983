import type { Command } from 'commander';
import { listMicrophones, noMicrophoneError } from '../../services/capture/devices.js';
import { cliErrorLine } from '../cli-errors.js';

/** `dictation devices`: the microphones as `listen --device <id>` takes them, the system default marked. */
export function defineDevices(command: Command): void {
  command.option('--json', 'print JSON instead of a table', false).action((flags: { json: boolean }) => {
    process.exitCode = runDevices(flags.json);
  });
}

function runDevices(json: boolean): number {
  let devices;
  try {
    devices = listMicrophones();
  } catch (error) {
    console.error(cliErrorLine(error));
    return 1;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ microphones: devices }, null, 2)}\n`);
    return 0;
  }
  if (devices.length === 0) {
    console.error(cliErrorLine(noMicrophoneError()));
    return 1;
  }
  const idWidth = Math.max(2, ...devices.map((d) => String(d.id).length));
  const nameWidth = Math.max(4, ...devices.map((d) => d.name.length));
  const lines = [`  ${'id'.padStart(idWidth)}  ${'name'.padEnd(nameWidth)}  channels  rate      host API`];
  for (const d of devices) {
    lines.push(
      `${d.isDefault ? '*' : ' '} ${String(d.id).padStart(idWidth)}  ${d.name.padEnd(nameWidth)}  ` +
        `${String(d.channels).padEnd(8)}  ${`${d.defaultSampleRate} Hz`.padEnd(8)}  ${d.hostApi}`,
    );
  }
  lines.push('', '* the system default, which "dictation listen" uses without --device <id>');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
