import type { Logger } from 'pino';
import type { EngineClient } from '../../engine/client/engine-client.js';
import { SAMPLE_RATE, samplesToMs } from '../../shared/audio.js';
import { carryOver, type Session } from './dictation-session.js';

/** An utterance replayed into a restarted engine goes in blocks of this size. */
const REPLAY_BLOCK = SAMPLE_RATE;

/**
 * Sends a dictation to a restarted engine from main's copy: the audio after the last kept commit,
 * as an utterance that continues `priorText`; the release follows if the key is already up.
 */
export async function replayInto(client: EngineClient, session: Session, logger: Logger): Promise<void> {
  // What was committed is kept; only the audio after the last commit is sent again.
  const { priorText, replayFrom } = carryOver(session);
  logger.warn(
    {
      sessionId: session.id,
      replay: session.replays,
      keptPieces: session.carried.length,
      replayFromMs: Math.round(samplesToMs(replayFrom)),
    },
    'replaying the utterance',
  );
  // A wake-word dictation still ends on silence in the new engine.
  await client.beginUtterance(session.engineId, false, session.trigger === 'wake_word', priorText);
  const recognition = await session.recognition;
  if (recognition) await client.setUtteranceRecognition(session.engineId, recognition);
  // Everything kept so far, sent in one go (no awaits) so no live block can slip in between;
  // live blocks flow again from here on.
  const audio = session.audio.slice(replayFrom);
  for (let offset = 0; offset < audio.length; offset += REPLAY_BLOCK) {
    client.sendAudio(audio.slice(offset, offset + REPLAY_BLOCK));
  }
  session.replaying = false;
  if (session.releasedAt !== null) await client.endUtterance(session.engineId);
}
