/** Strict readers for the exported caption files, used to check them independently of the writer. */
export interface ParsedCue {
  startMs: number;
  endMs: number;
  text: string;
}

const VTT_TIME = /^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})$/;

function toMs(match: RegExpExecArray): number {
  return Number(match[1]) * 3600000 + Number(match[2]) * 60000 + Number(match[3]) * 1000 + Number(match[4]);
}

function parseTiming(line: string, re: RegExp): { startMs: number; endMs: number } {
  const [start, arrow, end, ...rest] = line.split(' ');
  if (arrow !== '-->' || rest.length > 0) throw new Error(`bad timing line: ${line}`);
  const a = re.exec(start ?? '');
  const b = re.exec(end ?? '');
  if (!a || !b) throw new Error(`bad timestamp in: ${line}`);
  return { startMs: toMs(a), endMs: toMs(b) };
}

/** Throws on anything the WebVTT spec (or good captioning practice) forbids. */
export function parseVttStrict(text: string): ParsedCue[] {
  if (!text.startsWith('WEBVTT\n')) throw new Error('missing WEBVTT header line');
  const blocks = text
    .slice('WEBVTT\n'.length)
    .split(/\n\n+/)
    .map((b) => b.trim())
    .filter(Boolean);
  const cues: ParsedCue[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    const timingIndex = lines.findIndex((l) => l.includes('-->'));
    if (timingIndex < 0 || timingIndex > 1) throw new Error(`cue without timing: ${block}`);
    const timing = parseTiming(lines[timingIndex] as string, VTT_TIME);
    const body = lines.slice(timingIndex + 1);
    if (body.length === 0 || body.every((l) => !l.trim()))
      throw new Error(`empty cue text at ${lines[timingIndex]}`);
    for (const line of body) {
      if (line.includes('-->')) throw new Error(`"-->" inside cue text: ${line}`);
      if (/[<>]/.test(line)) throw new Error(`unescaped < or > in cue text: ${line}`);
      if (/&(?!(amp|lt|gt|nbsp|lrm|rlm);)/.test(line)) throw new Error(`unescaped & in cue text: ${line}`);
    }
    if (timing.endMs <= timing.startMs) throw new Error(`cue ends before it starts: ${lines[timingIndex]}`);
    const previous = cues[cues.length - 1];
    if (previous && timing.startMs < previous.startMs) throw new Error('cues out of order');
    cues.push({ ...timing, text: body.join('\n') });
  }
  return cues;
}

export function unescapeVtt(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function parseSrtStrict(text: string): ParsedCue[] {
  const blocks = text
    .split(/\n\n+/)
    .map((b) => b.trim())
    .filter(Boolean);
  return blocks.map((block, i) => {
    const [index, timingLine, ...body] = block.split('\n');
    if (Number(index) !== i + 1) throw new Error(`cue ${i + 1} numbered ${index}`);
    const timing = parseTiming(timingLine ?? '', SRT_TIME);
    if (body.length === 0) throw new Error(`empty SRT cue ${index}`);
    if (timing.endMs <= timing.startMs) throw new Error(`SRT cue ${index} ends before it starts`);
    return { ...timing, text: body.join('\n') };
  });
}
