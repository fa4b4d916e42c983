import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForkedEngine } from '../../src/engine/client/fork-channel.js';
import { toWebVtt } from '../../src/shared/exports/webvtt.js';
import type { Segment } from '../../src/shared/transcript.js';
import { chromiumLaunchOptions } from '../helpers/browser.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { unescapeVtt } from '../helpers/caption-parsers.js';
import { writeWav } from '../helpers/wav-writer.js';

// Real Chromium parses the exported WebVTT in a <track>: what the browser sees must match the segments.
const temp = makeTempDir('dictation-vtt-');
let browser: Browser;
let server: http.Server;
let base: string;

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
  server = http.createServer((req, res) => {
    const name = path.basename(req.url ?? '/');
    const file = path.join(temp.dir, name);
    const type = name.endsWith('.vtt') ? 'text/vtt' : name.endsWith('.wav') ? 'audio/wav' : 'text/html';
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeWav(path.join(temp.dir, 'silence.wav'), new Float32Array(16000 * 20), {
    sampleRate: 16000,
    channels: 1,
    bits: 16,
  });
  writeFileSync(
    path.join(temp.dir, 'index.html'),
    `<!doctype html><video id="v" src="/silence.wav" preload="auto"></video>`,
  );
});

afterAll(async () => {
  await browser?.close();
  server?.close();
  temp.cleanup();
});

async function cuesSeenByChromium(vtt: string, name: string) {
  writeFileSync(path.join(temp.dir, name), vtt);
  const page = await browser.newPage();
  await page.goto(`${base}/index.html`);
  const cues = await page.evaluate(async (src) => {
    const video = document.getElementById('v') as HTMLVideoElement;
    const track = document.createElement('track');
    track.kind = 'captions';
    track.src = src;
    track.default = true;
    video.appendChild(track);
    track.track.mode = 'hidden';
    await new Promise<void>((resolve, reject) => {
      track.addEventListener('load', () => resolve());
      track.addEventListener('error', () => reject(new Error('track failed to load')));
    });
    return Array.from(track.track.cues ?? []).map((c) => ({
      startMs: Math.round(c.startTime * 1000),
      endMs: Math.round(c.endTime * 1000),
      // What the viewer sees: the cue parsed to a DOM fragment, entities decoded.
      text: (c as VTTCue).getCueAsHTML().textContent ?? '',
    }));
  }, `/${name}`);
  await page.close();
  return cues;
}

describe('WebVTT export in a real Chromium <track>', () => {
  it('parses hand-made edge cases (escaping, long segments, zero-length) into the same cues', async () => {
    const segments: Segment[] = [
      { startMs: 0, endMs: 1500, text: 'Tom & Jerry <3 --> friends' },
      { startMs: 1500, endMs: 1500, text: 'instant' },
      { startMs: 2000, endMs: 16000, text: 'word '.repeat(40).trim() },
    ];
    const vtt = toWebVtt(segments);
    const browserCues = await cuesSeenByChromium(vtt, 'edge.vtt');
    const expected = vtt
      .split('\n\n')
      .slice(1)
      .filter(Boolean)
      .map((block) => {
        const [, timing, ...lines] = block.split('\n');
        const [start, end] = (timing as string).split(' --> ').map((t) => {
          const [h, m, s] = t.split(':');
          return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
        });
        return { startMs: start, endMs: end, text: unescapeVtt(lines.join('\n')) };
      });
    expect(browserCues).toEqual(expected);
    expect(browserCues[0]!.text).toBe('Tom & Jerry <3 --> friends');
  });

  it('parses a real transcript of jfk.wav from the engine', async () => {
    const engine = await startForkedEngine('vtt-test');
    await engine.loadModel(fixtures.microModel);
    const transcript = await engine.transcribe(
      { kind: 'file', path: fixtures.jfkWav },
      { tokenTimestamps: true },
    ).result;
    await engine.shutdown();
    expect(transcript.segments.length).toBeGreaterThan(0);
    const cues = await cuesSeenByChromium(toWebVtt(transcript.segments), 'jfk.vtt');
    expect(cues.length).toBeGreaterThanOrEqual(transcript.segments.length);
    const browserWords = cues
      .map((c) => c.text.replace(/\n/g, ' '))
      .join(' ')
      .split(/\s+/);
    const segmentWords = transcript.segments
      .map((s) => s.text.trim())
      .join(' ')
      .split(/\s+/);
    expect(browserWords).toEqual(segmentWords);
    for (const cue of cues) {
      expect(cue.endMs).toBeGreaterThan(cue.startMs);
      expect(cue.endMs).toBeLessThanOrEqual(11000);
    }
  });
});
