import path from 'node:path';

/**
 * The ffmpeg demuxers of the containers the app accepts (see SUPPORTED_EXTENSIONS): WAV/RF64, MP3,
 * ADTS AAC, MP4/M4A/MOV, Ogg/Opus, FLAC, WebM/Matroska, AIFF, WMA (ASF), AMR and CAF. Nothing that
 * reads a list of other files or addresses (HLS, DASH, ffconcat, SDP, image sequences) is on it, so a
 * hostile file cannot make ffmpeg open anything but itself.
 */
const FFMPEG_DEMUXERS = [
  'wav',
  'mp3',
  'aac',
  'mov',
  'ogg',
  'flac',
  'matroska',
  'aiff',
  'asf',
  'amr',
  'caf',
] as const;

/** The only protocol the input may use: the local file it names (no network, pipes or nested URLs). */
const FFMPEG_PROTOCOLS = ['file'] as const;

/**
 * The input half of an ffmpeg command for an untrusted file. `file:` makes ffmpeg read the name as a
 * path even when it looks like a URL or a protocol ("http:...", "concat:a|b", "subfile,,...").
 */
export function ffmpegInputArgs(file: string): string[] {
  return [
    '-protocol_whitelist',
    FFMPEG_PROTOCOLS.join(','),
    '-format_whitelist',
    FFMPEG_DEMUXERS.join(','),
    '-i',
    `file:${path.resolve(file)}`,
  ];
}
