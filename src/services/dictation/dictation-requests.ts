import type { AppHandlers, AudioDevice } from '../../shared/app-protocol.js';
import type { DictationEvent, DictationStatus, DictationTrigger } from '../../shared/dictation.js';
import { AppError } from '../../shared/errors.js';

/** A microphone as the capture code lists it (naudiodon's ids are numbers). */
export interface DeviceInfo {
  id: string | number;
  name: string;
  isDefault?: boolean;
}

/** The dictation pipeline as the window drives it. */
export interface DictationPort {
  start(trigger: DictationTrigger): Promise<unknown>;
  stop(): Promise<unknown>;
  cancel(): Promise<unknown>;
  status(): DictationStatus;
  subscribe(listener: (event: DictationEvent) => void): () => void;
  listDevices?(): Promise<readonly DeviceInfo[]> | readonly DeviceInfo[];
}

export const DICTATION_REQUESTS = [
  'dictation_start',
  'dictation_stop',
  'dictation_cancel',
  'devices_list',
] as const;

/** The record button, Esc, and the microphone list. */
export function dictationHandlers(
  dictation: DictationPort,
): AppHandlers<(typeof DICTATION_REQUESTS)[number]> {
  return {
    dictation_start: async (request) => {
      await dictation.start(request.trigger);
      return dictation.status();
    },
    dictation_stop: async () => {
      await dictation.stop();
      return dictation.status();
    },
    dictation_cancel: async () => {
      await dictation.cancel();
      return dictation.status();
    },
    devices_list: async () => ({ devices: await listDevices(dictation) }),
  };
}

async function listDevices(dictation: DictationPort): Promise<AudioDevice[]> {
  if (!dictation.listDevices) {
    throw new AppError('unavailable', 'This dictation pipeline cannot list microphones.', {
      hint: 'The system default microphone is used.',
    });
  }
  const devices = await dictation.listDevices();
  return devices.map((device) => ({
    id: String(device.id),
    name: device.name,
    isDefault: device.isDefault === true,
  }));
}
