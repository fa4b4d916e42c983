import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { loadNaudiodon } from './naudiodon-binding.js';

export const MicrophoneDevice = z.object({
  id: z.number().int(),
  name: z.string(),
  channels: z.number().int(),
  defaultSampleRate: z.number(),
  hostApi: z.string(),
  isDefault: z.boolean(),
});
export type MicrophoneDevice = z.infer<typeof MicrophoneDevice>;

/** Input devices as PortAudio sees them; the first "default"-named one stands for the system default. */
export function listMicrophones(): MicrophoneDevice[] {
  const all = loadNaudiodon().getDevices();
  const inputs = all.filter((d) => d.maxInputChannels > 0);
  const defaultId = inputs.find((d) => d.name === 'default')?.id ?? inputs[0]?.id ?? -1;
  return inputs.map((d) => ({
    id: d.id,
    name: d.name,
    channels: d.maxInputChannels,
    defaultSampleRate: d.defaultSampleRate,
    hostApi: d.hostAPIName,
    isDefault: d.id === defaultId,
  }));
}

export function noMicrophoneError(): AppError {
  return new AppError('device_unavailable', 'No microphone was found.', {
    hint:
      'Plug in or enable a microphone, and check that the app may use it (system privacy settings; ' +
      'on Linux, that PulseAudio/PipeWire is running and the input is not muted).',
  });
}
