import { z } from 'zod';
import type { Segment } from '../transcript.js';
import { toJson, type JsonExportMeta } from './json.js';
import { toPlainText } from './plain-text.js';
import { toSrt } from './srt.js';
import { toWebVtt } from './webvtt.js';

export const ExportFormat = z.enum(['vtt', 'srt', 'txt', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export function exportTranscript(
  format: ExportFormat,
  segments: readonly Segment[],
  meta: JsonExportMeta = {},
): string {
  switch (format) {
    case 'vtt':
      return toWebVtt(segments);
    case 'srt':
      return toSrt(segments);
    case 'txt':
      return toPlainText(segments);
    case 'json':
      return toJson(segments, meta);
  }
}
