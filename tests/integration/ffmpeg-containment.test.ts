// Files that make ffmpeg open something else (a playlist, a concat list, a manifest with a URL), named
// like audio files: ffmpeg must refuse them and open nothing but the file itself. Real ffmpeg (the
// bundled one), a real HTTP server on 127.0.0.1 that counts requests, and a named pipe that tells
// whether anyone opened it.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWithFfmpeg, locateFfmpeg } from '../../src/audio/ffmpeg.js';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { AppError } from '../../src/shared/errors.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';

const temp = makeTempDir('dictation-ffmpeg-containment-');
const file = (name: string) => path.join(temp.dir, name);
const requests: string[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  expect(locateFfmpeg(), 'ffmpeg (bundled by @ffmpeg-installer or on PATH)').not.toBeNull();
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  temp.cleanup();
});

/** Runs ffmpeg on `name` directly (past the sniffer); returns the error it ended with. */
async function decodeDirectly(name: string): Promise<unknown> {
  const stream = decodeWithFfmpeg(file(name));
  try {
    for await (const chunk of stream.chunks) void chunk;
    return null;
  } catch (error) {
    return error;
  } finally {
    stream.kill();
  }
}

/**
 * A named pipe at `name`, and a check run while `action` runs: a non-blocking open for writing
 * succeeds only while some process has the pipe open for reading, i.e. only if ffmpeg opened it.
 * The writer is closed at once, so a reader gets end-of-file instead of hanging.
 */
async function watchedWhile(
  name: string,
  action: () => Promise<unknown>,
): Promise<{ opened: boolean; result: unknown }> {
  const fifo = file(name);
  execFileSync('mkfifo', [fifo]);
  let opened = false;
  const poll = setInterval(() => {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      opened = true;
    } catch {
      // ENXIO: nobody has the pipe open for reading.
    }
  }, 5);
  try {
    const result = await action();
    return { opened, result };
  } finally {
    clearInterval(poll);
  }
}

function expectRefused(error: unknown): void {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe('audio_unsupported');
  expect((error as AppError).hint).toMatch(/media file itself/);
}

describe('ffmpeg opens only the file it is given', () => {
  it('a DASH manifest named talk.mp3 fetches nothing (it reaches ffmpeg through openAudio: the sniffer does not know XML)', async () => {
    writeFileSync(
      file('talk.mp3'),
      `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1S" minBufferTime="PT1S" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
 <Period><AdaptationSet mimeType="audio/mp4"><Representation id="a" bandwidth="64000" codecs="mp4a.40.2"><BaseURL>${base}/dash.m4a</BaseURL></Representation></AdaptationSet></Period>
</MPD>
`,
    );
    const before = requests.length;
    const error = await readAudioFile(file('talk.mp3')).catch((e: unknown) => e);
    expect(requests.slice(before)).toEqual([]);
    expectRefused(error);
    expect((error as AppError).message).toMatch(/not an audio or video format this app reads/);
  });

  it('an HLS playlist named talk.m4a requests none of its segments', async () => {
    writeFileSync(
      file('hls.m4a'),
      `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10,\n${base}/segment.mp3\n#EXT-X-ENDLIST\n`,
    );
    const before = requests.length;
    const error = await decodeDirectly('hls.m4a');
    expect(requests.slice(before)).toEqual([]);
    expectRefused(error);
  });

  it('an HLS master playlist named talk.mp3 does not open the local playlist it names', async () => {
    writeFileSync(file('master.mp3'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000\nvariant.m3u8\n');
    const { opened, result } = await watchedWhile('variant.m3u8', () => decodeDirectly('master.mp3'));
    expect(opened, 'ffmpeg opened variant.m3u8').toBe(false);
    expectRefused(result);
  });

  it('an ffconcat list named talk.wav does not open the local file it lists', async () => {
    writeFileSync(file('list.wav'), 'ffconcat version 1.0\nfile listed.mp3\n');
    const { opened, result } = await watchedWhile('listed.mp3', () => decodeDirectly('list.wav'));
    expect(opened, 'ffmpeg opened listed.mp3').toBe(false);
    expectRefused(result);
  });

  it('an ffconcat list named talk.ogg that lists a URL fetches nothing', async () => {
    writeFileSync(file('list.ogg'), `ffconcat version 1.0\nfile ${base}/listed.ogg\n`);
    const before = requests.length;
    const error = await decodeDirectly('list.ogg');
    expect(requests.slice(before)).toEqual([]);
    expect(error).toBeInstanceOf(AppError);
  });

  // Every container on the demuxer allow-list, made by the same ffmpeg, still decodes (the formats of
  // audio-decode.test.ts and these: WMA, AMR, AIFF, CAF, ADTS AAC, and MP3 without an ID3 tag).
  it.each([
    ['talk.wma', ['-c:a', 'wmav2']],
    ['talk.amr', ['-ar', '8000', '-c:a', 'libopencore_amrnb']],
    ['talk.aiff', ['-c:a', 'pcm_s16be']],
    ['talk.caf', ['-c:a', 'pcm_s16le']],
    ['talk.aac', ['-c:a', 'aac', '-f', 'adts']],
    ['untagged.mp3', ['-c:a', 'libmp3lame', '-id3v2_version', '0']],
    ['wide.wav', ['-ar', '48000', '-c:a', 'pcm_alaw']],
  ])('%s still decodes through the restricted ffmpeg', async (name, codec) => {
    const ffmpeg = locateFfmpeg() as string;
    execFileSync(ffmpeg, [
      '-y',
      '-loglevel',
      'error',
      '-i',
      fixtures.jfkWav,
      '-t',
      '2',
      ...codec,
      file(name),
    ]);
    const samples = await readAudioFile(file(name));
    // ADTS carries no priming information, so its decoder delay (about 0.1 s) stays in.
    expect(Math.abs(samples.length / 16000 - 2)).toBeLessThan(0.15);
  });
});
