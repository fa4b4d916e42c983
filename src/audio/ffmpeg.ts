import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../shared/errors.js';
import { ffmpegInputArgs } from './ffmpeg-input.js';
import { clampToFullScale } from './pcm-convert.js';
import { SAMPLE_RATE } from '../shared/audio.js';

let located: string | null | undefined;

/**
 * The ffmpeg used for compressed formats: $DICTATION_FFMPEG, else the binary shipped inside the
 * @ffmpeg-installer package for this platform, else `ffmpeg` on PATH.
 */
export function locateFfmpeg(): string | null {
  if (located !== undefined) return located;
  const candidates: string[] = [];
  const fromEnv = process.env['DICTATION_FFMPEG'];
  if (fromEnv) candidates.push(fromEnv);
  try {
    const require = createRequire(import.meta.url);
    const bundled = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    candidates.push(bundled.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`));
  } catch {
    // No build for this platform in the package: fall through to the system ffmpeg.
  }
  for (const candidate of candidates) {
    if (existsSync(candidate)) return (located = candidate);
  }
  const probe = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  located = probe.status === 0 ? 'ffmpeg' : null;
  return located;
}

export interface FfmpegStream {
  /** Total duration when ffmpeg reported it (before the first samples), else null. */
  durationMs: Promise<number | null>;
  /** 16 kHz mono float chunks. */
  chunks: AsyncIterable<Float32Array>;
  kill(): void;
}

const DURATION_RE = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/;

/**
 * Streams a file's first audio track through ffmpeg as 16 kHz mono float. ffmpeg may read only this
 * file, and only with the demuxers of the formats the app accepts (see ffmpeg-input.ts).
 */
export function decodeWithFfmpeg(file: string): FfmpegStream {
  const ffmpeg = locateFfmpeg();
  if (!ffmpeg) {
    throw new AppError('decoder_missing', `${file}: decoding this format needs ffmpeg, which was not found`, {
      hint: 'Install ffmpeg (apt install ffmpeg / brew install ffmpeg) or set DICTATION_FFMPEG to its path.',
    });
  }
  const args = ['-nostdin', '-hide_banner', ...ffmpegInputArgs(file), '-map', '0:a:0', '-vn', '-sn', '-dn'];
  args.push('-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1');
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  let stderr = '';
  let resolveDuration!: (ms: number | null) => void;
  const durationMs = new Promise<number | null>((resolve) => (resolveDuration = resolve));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < 64 * 1024) stderr += text;
    const match = DURATION_RE.exec(stderr);
    if (match) resolveDuration((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      resolve(-1);
    });
    child.on('close', (code) => resolve(code));
  });
  void exited.then(() => resolveDuration(null));

  async function* chunks(): AsyncGenerator<Float32Array> {
    let carry = new Uint8Array(0);
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      const joined = carry.length ? concat(carry, data) : new Uint8Array(data);
      const whole = joined.length - (joined.length % 4);
      if (whole > 0) {
        const copy = joined.slice(0, whole);
        yield clampToFullScale(new Float32Array(copy.buffer, copy.byteOffset, whole / 4));
      }
      carry = joined.slice(whole);
    }
    const code = await exited;
    if (code !== 0) throw ffmpegError(file, stderr, code);
  }

  return { durationMs, chunks: chunks(), kill: () => child.kill('SIGKILL') };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function ffmpegError(file: string, stderr: string, code: number | null): AppError {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(
      (l) =>
        l && !/^(Input #|Duration:|Stream #|Metadata:|Output #|Stream mapping|Press \[q\]|size=)/.test(l),
    );
  const detail = lines.slice(-6).join(' | ');
  if (/Format not on whitelist/i.test(stderr)) {
    return new AppError('audio_unsupported', `${file}: not an audio or video format this app reads`, {
      hint: 'Open the media file itself: playlists (HLS, DASH), concat lists and other files that point elsewhere are not opened.',
      detail,
    });
  }
  if (/Protocol '[^']*' not on whitelist/i.test(stderr)) {
    return new AppError(
      'audio_unsupported',
      `${file}: the file refers to another file or a network address, which is not opened`,
      { hint: 'Open the media file itself, saved on this computer.', detail },
    );
  }
  if (/matches no streams|does not contain any stream|Output file #0 does not contain/i.test(stderr)) {
    return new AppError('audio_unsupported', `${file}: the file has no audio track`, { detail });
  }
  if (/No such file or directory/i.test(stderr) && !existsSync(file)) {
    return new AppError('audio_not_found', `${file}: file not found`, { detail });
  }
  if (
    /Invalid data found|could not find codec parameters|moov atom not found|Invalid argument|End of file/i.test(
      stderr,
    )
  ) {
    return new AppError(
      'audio_corrupt',
      `${file}: the file is damaged or incomplete and could not be decoded`,
      {
        hint: 'Check that the file plays in a media player; re-download or re-export it.',
        detail,
      },
    );
  }
  if (/Decoder .* not found|Unknown decoder|unsupported codec/i.test(stderr)) {
    return new AppError('audio_unsupported', `${file}: the audio codec is not supported`, { detail });
  }
  return new AppError('audio_corrupt', `${file}: ffmpeg could not decode the file (exit ${String(code)})`, {
    detail,
  });
}
