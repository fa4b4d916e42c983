import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { TransientFailure } from './retry.js';

/** What a download error message needs to know about the download. */
export interface DownloadSubject {
  file: string;
  url: string;
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/** Verification failed: the job deletes the file, and the message says so. */
export function mismatchError(subject: DownloadSubject, reason: string): AppError {
  return new AppError(
    'verification_failed',
    `The download of ${subject.file} from ${subject.url} failed verification: ${reason}. ` +
      'The downloaded file was deleted.',
    { hint: 'Try again; if it fails again, the server or mirror serves a different file.' },
  );
}

/** A status that is not a success: transient for 408, 425, 429 and 5xx, an AppError otherwise. */
export function httpStatusError(subject: DownloadSubject, status: number): Error {
  const host = hostOf(subject.url);
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new TransientFailure(`${host} answered HTTP ${status}`, 'http', status);
  }
  if (status === 404 || status === 410) {
    return new AppError(
      'download_failed',
      `${subject.file} was not found at ${subject.url} (HTTP ${status})`,
      {
        hint: {
          window: 'Check the URL or the mirror setting.',
          cli: 'Check the model name ("dictation models list"), the URL or the mirror (--mirror, DICTATION_MODEL_MIRROR).',
        },
      },
    );
  }
  if (status === 401 || status === 403) {
    return new AppError(
      'download_failed',
      `${host} refused the download of ${subject.file} (HTTP ${status})`,
      {
        hint: 'The server needs a login or blocks this address: download the file in a browser and import it.',
      },
    );
  }
  return new AppError('download_failed', `${host} answered HTTP ${status} for ${subject.url}`, {
    hint: 'Check the URL or the mirror setting.',
  });
}

/** Every retry failed. */
export function exhaustedError(
  subject: DownloadSubject,
  error: TransientFailure,
  attempts: number,
  bytes: number,
): AppError {
  const host = hostOf(subject.url);
  const hint =
    'Check the internet connection, or set a mirror (--mirror or DICTATION_MODEL_MIRROR); ' +
    'running the download again resumes it.';
  const tail = `(${attempts} attempts; ${formatBytes(bytes)} downloaded so far)`;
  if (error.category === 'timeout') {
    return new AppError(
      'download_timeout',
      `Downloading ${subject.file} from ${host} timed out: ${error.message} ${tail}`,
      { hint },
    );
  }
  return new AppError(
    'download_failed',
    `Downloading ${subject.file} from ${host} failed: ${error.message} ${tail}`,
    {
      hint,
    },
  );
}

/** A failure no retry can fix. */
export function failureError(subject: DownloadSubject, reason: string, cause?: unknown): AppError {
  return new AppError(
    'download_failed',
    `Downloading ${subject.file} from ${hostOf(subject.url)} failed: ${reason}`,
    {
      hint: 'Check the URL or mirror and the internet connection, then try again.',
      ...(cause === undefined ? {} : { cause, detail: String((cause as Error)?.stack ?? cause) }),
    },
  );
}
