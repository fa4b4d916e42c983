import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/audio/ffmpeg.js';
import { readAudioFile } from '../../src/audio/open-audio.js';
import { AppError } from '../../src/shared/errors.js';
import { fixtures, makeTempDir } from '../helpers/fixtures.js';
import { sine, writeWav, zeroCrossingFrequency } from '../helpers/wav-writer.js';

const temp = makeTempDir('dictation-audio-');
const file = (name: string) => path.join(temp.dir, name);
afterAll(() => temp.cleanup());

async function kindOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? error.kind : `not an AppError: ${String(error)}`;
  }
}

describe('WAV input of any common layout', () => {
  it.each([
    { name: '16k-mono-16bit', rate: 16000, channels: 1, bits: 16 as const },
    { name: '44k1-stereo-16bit', rate: 44100, channels: 2, bits: 16 as const },
    { name: '48k-stereo-24bit', rate: 48000, channels: 2, bits: 24 as const },
    { name: '8k-mono-8bit', rate: 8000, channels: 1, bits: 8 as const },
    { name: '22k-6ch-32bit', rate: 22050, channels: 6, bits: 32 as const },
    { name: '96k-mono-float64', rate: 96000, channels: 1, bits: 64 as const, float: true },
    {
      name: '32k-stereo-float32-ext',
      rate: 32000,
      channels: 2,
      bits: 32 as const,
      float: true,
      extensible: true,
    },
  ])('$name decodes to 16 kHz mono with the pitch preserved', async ({ name, rate, channels, ...spec }) => {
    const tone = sine(440, 2, rate);
    const interleaved = new Float32Array(tone.length * channels);
    tone.forEach((v, i) => interleaved.fill(v, i * channels, (i + 1) * channels));
    writeWav(file(`${name}.wav`), interleaved, { sampleRate: rate, channels, ...spec });
    const out = await readAudioFile(file(`${name}.wav`));
    expect(Math.abs(out.length - 32000)).toBeLessThan(200);
    expect(zeroCrossingFrequency(out.subarray(1000, 31000), 16000)).toBeCloseTo(440, -1);
  });

  it('reads the real speech fixture unchanged (16 kHz mono 16-bit)', async () => {
    const out = await readAudioFile(fixtures.jfkWav);
    expect(out.length).toBe(176000);
  });

  it('resamples with a band-limited filter: a tone above the new Nyquist frequency is removed, not folded back', async () => {
    writeWav(file('alias.wav'), sine(11000, 1, 48000, 0.8), { sampleRate: 48000, channels: 1, bits: 16 });
    const out = await readAudioFile(file('alias.wav'));
    const rms = Math.sqrt(out.subarray(500, -500).reduce((s, v) => s + v * v, 0) / (out.length - 1000));
    // Sample dropping would fold 11 kHz to 5 kHz at full level (rms ~0.57).
    expect(rms).toBeLessThan(0.02);
  });
});

describe('compressed formats through ffmpeg', () => {
  const ffmpeg = locateFfmpeg();
  const formats = [
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '64k']],
    ['m4a', ['-c:a', 'aac', '-b:a', '64k']],
    ['ogg', ['-c:a', 'libvorbis']],
    ['opus', ['-c:a', 'libopus']],
    ['flac', ['-c:a', 'flac']],
    ['webm', ['-c:a', 'libopus']],
    [
      'mp4',
      ['-f', 'lavfi', '-i', 'color=c=black:s=64x64:d=11', '-shortest', '-c:v', 'libx264', '-c:a', 'aac'],
    ],
    ['mov', ['-c:a', 'aac']],
  ] as const;

  beforeAll(() => {
    expect(ffmpeg, 'ffmpeg (bundled by @ffmpeg-installer or on PATH)').not.toBeNull();
    for (const [ext, codec] of formats) {
      const out = file(`jfk.${ext}`);
      const args = ['-y', '-hide_banner', '-loglevel', 'error', '-i', fixtures.jfkWav];
      if (codec[0] === '-f') args.push(...codec.slice(0, 4), ...codec.slice(4));
      else args.push(...codec);
      execFileSync(ffmpeg as string, [...args, out]);
    }
  });

  it.each(formats.map(([ext]) => ext))('%s decodes to about 11 s of 16 kHz audio', async (ext) => {
    const out = await readAudioFile(file(`jfk.${ext}`));
    expect(Math.abs(out.length / 16000 - 11)).toBeLessThan(0.2);
    const energy = out.reduce((s, v) => s + v * v, 0);
    expect(energy).toBeGreaterThan(10);
  });
});

describe('bad input gets a specific error', () => {
  it('missing file', async () => {
    expect(await kindOf(readAudioFile(file('nope.wav')))).toBe('audio_not_found');
  });
  it('empty file', async () => {
    writeFileSync(file('empty.wav'), '');
    expect(await kindOf(readAudioFile(file('empty.wav')))).toBe('audio_empty');
  });
  it('WAV with a header and no samples', async () => {
    writeWav(file('nodata.wav'), [], { sampleRate: 16000, channels: 1, bits: 16 });
    expect(await kindOf(readAudioFile(file('nodata.wav')))).toBe('audio_empty');
  });
  it('truncated WAV says how much is missing', async () => {
    const bytes = execFileSync('head', ['-c', '50000', fixtures.jfkWav]);
    writeFileSync(file('truncated.wav'), bytes);
    await expect(readAudioFile(file('truncated.wav'))).rejects.toThrow(
      /truncated \(holds 1\.6 s of the 11\.0 s/,
    );
  });
  it('random bytes with an audio extension are reported as damaged', async () => {
    writeFileSync(file('garbage.mp3'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)));
    expect(await kindOf(readAudioFile(file('garbage.mp3')))).toBe('audio_corrupt');
  });
  it('a text file is unsupported, without running a decoder', async () => {
    writeFileSync(file('notes.txt'), 'shopping list: milk, eggs');
    await expect(readAudioFile(file('notes.txt'))).rejects.toThrow(/not an audio or video file/);
  });
  it('a folder is unsupported', async () => {
    expect(await kindOf(readAudioFile(temp.dir))).toBe('audio_unsupported');
  });
  it('a video without an audio track says so', async () => {
    const ffmpeg = locateFfmpeg() as string;
    const out = file('silent-video.mp4');
    execFileSync(ffmpeg, [
      '-y',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=red:s=32x32:d=1',
      '-c:v',
      'libx264',
      out,
    ]);
    await expect(readAudioFile(out)).rejects.toThrow(/no audio track/);
  });
  it('over-long input is refused before decoding it all', async () => {
    writeWav(file('long.wav'), new Float32Array(16000 * 3), { sampleRate: 16000, channels: 1, bits: 16 });
    expect(await kindOf(readAudioFile(file('long.wav'), { maxDurationMs: 2000 }))).toBe('audio_too_long');
  });
});
