/**
 * File name extensions the engine can decode: the one list, used by the decoder (src/audio), the job
 * queue, the desktop's file dialog and the window (which refuses a dropped file at once).
 */
export const SUPPORTED_AUDIO_EXTENSIONS: readonly string[] = [
  'wav',
  'mp3',
  'm4a',
  'aac',
  'mp4',
  'mov',
  'm4v',
  'ogg',
  'oga',
  'opus',
  'flac',
  'webm',
  'mkv',
  'aiff',
  'aif',
  'wma',
  'amr',
  'caf',
];

/** The lower-case extension of a file name or path ("" when it has none). */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** Null when the file's extension is one the engine reads; otherwise why it is refused, in words. */
export function unsupportedReason(name: string): string | null {
  const ext = extensionOf(name);
  if (SUPPORTED_AUDIO_EXTENSIONS.includes(ext)) return null;
  const what = ext ? `.${ext} files are not audio or video the app can read` : 'it has no file extension';
  return `${name} was not added: ${what}. Supported: ${SUPPORTED_AUDIO_EXTENSIONS.join(', ')}.`;
}
