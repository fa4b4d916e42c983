import { buildNativeWhisperTool } from '../tests/helpers/native-whisper-build.js';

/**
 * whisper.cpp's own CLI built from the same source tree as the addon (node_modules/nodejs-whisper),
 * with -DGGML_NATIVE=ON: the reference "native build" the engine is compared with. Cached in .cache/.
 */
export function nativeWhisperCli(): string {
  return buildNativeWhisperTool('whisper-cli');
}

/** The bare parakeet-cli example from the same tree and build folder (the Parakeet reference). */
export function nativeParakeetCli(): string {
  return buildNativeWhisperTool('parakeet-cli');
}
