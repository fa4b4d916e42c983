import type { PieceWork } from './pieces/piece-executor.js';

/** The speech options a job carries, and each piece of it. */
type JobSpeech = Pick<
  PieceWork,
  'language' | 'translate' | 'prompt' | 'vadModelPath' | 'temperatureFallback'
>;

/** A job's speech options as the local engine takes them: whisper's temperature fallback on unless turned off. */
export function engineTranscribeOptions(job: JobSpeech, threads: number) {
  return {
    language: job.language,
    translate: job.translate,
    initialPrompt: job.prompt,
    threads,
    temperatureFallback: job.temperatureFallback !== false,
    ...(job.vadModelPath ? { vadModelPath: job.vadModelPath } : {}),
  };
}
