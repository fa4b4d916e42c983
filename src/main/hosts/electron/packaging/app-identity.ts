/** How the installed app identifies itself to the operating system; electron-builder.yml says the same. */
export const APP_ID = 'app.dictation.desktop';
export const PRODUCT_NAME = 'Dictation';
/** The Linux executable and icon name. */
export const EXECUTABLE_NAME = 'dictation';
/** `dictation://` links open the app (see launch-request.ts for what they may ask). */
export const PROTOCOL_SCHEME = 'dictation';
/** Files the installers register "Open with Dictation" for; each becomes a transcription job. */
export const AUDIO_FILE_EXTENSIONS = [
  'wav',
  'mp3',
  'm4a',
  'ogg',
  'opus',
  'flac',
  'webm',
  'mp4',
  'mov',
] as const;
