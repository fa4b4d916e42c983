import type { Settings } from '../../shared/settings.js';

/** The microphone setting as the capture binding's device number; null: the system default. */
export function microphoneDeviceId(settings: Settings): number | null {
  const id = settings.microphone.deviceId;
  if (id === null) return null;
  const numeric = Number(id);
  return Number.isInteger(numeric) ? numeric : null;
}
