/** Container formats recognised from a file's first bytes. */
export type SniffedFormat =
  'wav' | 'mp3' | 'flac' | 'ogg' | 'webm' | 'mp4' | 'aac' | 'aiff' | 'wma' | 'amr' | 'caf' | 'unknown';

const startsWith = (head: Uint8Array, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffFormat(head: Uint8Array): SniffedFormat {
  if (
    (startsWith(head, ascii('RIFF')) || startsWith(head, ascii('RF64')) || startsWith(head, ascii('RIFX'))) &&
    startsWith(head, ascii('WAVE'), 8)
  ) {
    return 'wav';
  }
  if (startsWith(head, ascii('fLaC'))) return 'flac';
  if (startsWith(head, ascii('OggS'))) return 'ogg';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (startsWith(head, ascii('ftyp'), 4)) return 'mp4';
  if (
    startsWith(head, ascii('FORM')) &&
    (startsWith(head, ascii('AIFF'), 8) || startsWith(head, ascii('AIFC'), 8))
  ) {
    return 'aiff';
  }
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return 'wma';
  if (startsWith(head, ascii('#!AMR'))) return 'amr';
  if (startsWith(head, ascii('caff'))) return 'caf';
  if (startsWith(head, ascii('ID3'))) return 'mp3';
  const b0 = head[0] ?? 0;
  const b1 = head[1] ?? 0;
  if (b0 === 0xff && (b1 & 0xf6) === 0xf0) return 'aac'; // ADTS sync word, layer 0
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return 'mp3'; // MPEG audio frame sync
  return 'unknown';
}
