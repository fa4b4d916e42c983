import { describe, expect, it } from 'vitest';
import { DEFAULT_CUE_LIMITS, segmentsToCues } from '../../src/shared/exports/cues.js';
import { exportTranscript } from '../../src/shared/exports/index.js';
import { formatTimecode } from '../../src/shared/exports/timecode.js';
import type { Segment } from '../../src/shared/transcript.js';
import { parseSrtStrict, parseVttStrict, unescapeVtt } from '../helpers/caption-parsers.js';

const segments: Segment[] = [
  { startMs: 0, endMs: 2500, text: ' And so my fellow Americans,' },
  { startMs: 2500, endMs: 6000, text: ' ask not what your country can do for you' },
  { startMs: 6000, endMs: 6000, text: ' <b>bold</b> & "quoted" --> arrow' },
  { startMs: 7000, endMs: 9000, text: '   ' },
  {
    startMs: 9000,
    endMs: 30000,
    text: ' a very long segment that goes on and on for twenty one seconds and carries far more words than any single caption could hold on screen at once without becoming unreadable for a viewer',
  },
];

describe('formatTimecode', () => {
  it('formats hours, minutes, seconds and milliseconds', () => {
    expect(formatTimecode(0)).toBe('00:00:00.000');
    expect(formatTimecode(3723004)).toBe('01:02:03.004');
    expect(formatTimecode(3723004, ',')).toBe('01:02:03,004');
    expect(formatTimecode(100 * 3600000)).toBe('100:00:00.000');
  });
});

describe('WebVTT export', () => {
  const vtt = exportTranscript('vtt', segments);
  const cues = parseVttStrict(vtt);

  it('is valid WebVTT with ordered, non-empty cues that end after they start', () => {
    expect(cues.length).toBeGreaterThan(4);
  });

  it('escapes markup characters and never lets "-->" into cue text', () => {
    const special = cues.find((c) => c.text.includes('bold'));
    expect(special?.text).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; "quoted" --&gt; arrow');
    expect(unescapeVtt(special?.text ?? '')).toBe('<b>bold</b> & "quoted" --> arrow');
  });

  it('splits a long segment into cues within the line, line-count and duration limits', () => {
    const long = cues.filter((c) => c.startMs >= 9000);
    expect(long.length).toBeGreaterThan(1);
    for (const cue of long) {
      const lines = cue.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(DEFAULT_CUE_LIMITS.maxLines);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(DEFAULT_CUE_LIMITS.maxLineChars);
      expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(DEFAULT_CUE_LIMITS.maxCueMs);
      expect(cue.endMs).toBeLessThanOrEqual(30000);
    }
    const words = long.map((c) => c.text.replace(/\n/g, ' ')).join(' ');
    expect(words).toBe((segments[4] as Segment).text.trim());
  });

  it('gives a zero-length segment a visible duration without overlapping the next cue', () => {
    const special = cues.find((c) => c.text.includes('bold'));
    expect(special && special.endMs > special.startMs).toBe(true);
    expect(special!.endMs).toBeLessThanOrEqual(9000);
  });

  it('never lengthens the last cue past the end of the transcript (the end of the audio)', () => {
    const last: Segment[] = [
      { startMs: 0, endMs: 10_000, text: ' first words here' },
      {
        startMs: 10_800,
        endMs: 11_000,
        text: ' end',
        tokens: [{ text: ' end', startMs: 10_900, endMs: 10_900 }],
      },
    ];
    const ending = parseVttStrict(exportTranscript('vtt', last));
    expect(ending.at(-1)).toMatchObject({ text: 'end', startMs: 10_900, endMs: 11_000 });
  });

  it('drops segments whose text is only whitespace', () => {
    expect(cues.some((c) => c.startMs === 7000)).toBe(false);
  });

  it('uses token timestamps to place split points when they are present', () => {
    const words = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen'.split(
      ' ',
    );
    const tokens = words.map((w, i) => ({ text: ` ${w}`, startMs: i * 1000, endMs: i * 1000 + 900 }));
    const timed = segmentsToCues([{ startMs: 0, endMs: 14000, text: words.join(' '), tokens }]);
    expect(timed.length).toBeGreaterThan(1);
    const second = timed[1]!;
    const firstWord = second.lines[0]!.split(' ')[0]!;
    expect(second.startMs).toBe(words.indexOf(firstWord) * 1000);
  });
});

describe('SRT export', () => {
  it('parses back to the same cues as the WebVTT export', () => {
    const srt = parseSrtStrict(exportTranscript('srt', segments));
    const vtt = parseVttStrict(exportTranscript('vtt', segments));
    expect(srt.map((c) => [c.startMs, c.endMs])).toEqual(vtt.map((c) => [c.startMs, c.endMs]));
    expect(srt.map((c) => c.text.replace('->', '-->'))).toEqual(vtt.map((c) => unescapeVtt(c.text)));
  });
});

describe('plain text and JSON export', () => {
  it('joins segments into paragraphs at long pauses', () => {
    const text = exportTranscript('txt', segments);
    expect(text.split('\n\n')).toHaveLength(2);
    expect(text.startsWith('And so my fellow Americans, ask not')).toBe(true);
  });

  it('writes segments and the full text as JSON', () => {
    const json = JSON.parse(exportTranscript('json', segments, { language: 'en', model: 'm.bin' }));
    expect(json.language).toBe('en');
    expect(json.segments).toHaveLength(5);
    expect(json.text).toContain('fellow Americans, ask not');
  });
});
