import { ENGINE_PROTOCOL_VERSION, type EngineRequest, type ReplyOf } from '../../shared/engine-protocol.js';
import { AppError } from '../../shared/errors.js';
import { appVersion } from '../project-root.js';
import { loadNativeAddon } from '../whisper/native-addon.js';

type Hello = Extract<EngineRequest, { type: 'hello' }>;

/** The engine's answer to hello: its versions and devices, or a mismatch that the host can explain. */
export function helloReply(request: Hello): ReplyOf<'hello'> {
  if (request.protocolVersion !== ENGINE_PROTOCOL_VERSION) {
    throw new AppError(
      'protocol_mismatch',
      `Engine protocol mismatch: ${request.client} speaks version ${request.protocolVersion}, the engine speaks version ${ENGINE_PROTOCOL_VERSION}.`,
      { hint: 'The app and its engine come from different builds; reinstall or rebuild the app.' },
    );
  }
  const addon = loadNativeAddon();
  return {
    type: 'hello',
    id: request.id,
    timestamp: Date.now(),
    protocolVersion: ENGINE_PROTOCOL_VERSION,
    engineVersion: appVersion(),
    whisperVersion: addon.version(),
    systemInfo: addon.systemInfo().trim(),
    devices: addon.loadBackends(),
  };
}
