import type { AppHandlers } from '../../shared/app-protocol.js';
import { speechDevicesFrom, type SpeechDevices } from '../../shared/speech-devices.js';
import { requireService } from '../request-handlers.js';
import type { EngineHost } from './engine-host.js';

/** The GPUs the speech engine found, and the device the loaded model runs on (and why not the GPU). */
export interface SpeechDevicesPort {
  devices(): SpeechDevices;
}

export const SPEECH_DEVICE_REQUESTS = ['speech_devices'] as const;

/** The GPU select and its "running on" line in Settings → Speech recognition. */
export function speechDeviceHandlers(
  port: SpeechDevicesPort | undefined,
): AppHandlers<(typeof SPEECH_DEVICE_REQUESTS)[number]> {
  return { speech_devices: () => requireService(port, 'The speech engine').devices() };
}

export function speechDevicesOf(engine: EngineHost): SpeechDevicesPort {
  return { devices: () => speechDevicesFrom(engine.computeDevices, engine.loadedModel) };
}
