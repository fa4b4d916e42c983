import type { DictationEvent, DictationStatus, DictationTrigger } from '../../shared/dictation.js';
import type { AppError } from '../../shared/errors.js';
import { serializeError } from '../../shared/errors.js';
import type { HotkeyCommand, HotkeyState } from './hotkey-machine.js';
import type { Logger } from '../logging/logger.js';

export interface HotkeyDictation {
  status(): DictationStatus;
  start(trigger: DictationTrigger): Promise<unknown>;
  stop(): Promise<unknown>;
  cancel(): Promise<unknown>;
  subscribe(listener: (event: DictationEvent) => void): () => void;
}

/** The part of the HotkeyListener the commands need. */
export interface HotkeyMachineHandle {
  readonly state: HotkeyState;
  sessionEnded(): void;
}

export interface HotkeyCommandOptions {
  dictation: HotkeyDictation;
  /** Null when a dictation can start; otherwise why not. */
  readiness: () => AppError | null;
  /** Looks again for what was missing (a model installed since); resolves with the readiness after. */
  recheck?: () => Promise<AppError | null>;
  /** Tells the user why the hotkey did nothing and what to do (a notice, the window, a notification). */
  explain: (error: AppError) => void;
  /** A short note that needs no window (a dictation still transcribing). */
  inform: (message: string) => void;
  logger: Logger;
}

/**
 * Carries out the hotkeys' start/stop/cancel on the dictation, and keeps the hotkey state machine in
 * step when a recording ends without them (auto-stop, the window's button, an error). A press while
 * the pipeline cannot record explains why instead of failing silently.
 */
export function connectHotkeys(machine: HotkeyMachineHandle, options: HotkeyCommandOptions) {
  const { dictation, logger } = options;
  const failed = (what: string) => (error: unknown) =>
    logger.warn(
      { event: 'hotkey_action_failed', what, error: serializeError(error) },
      `hotkey ${what} failed`,
    );

  const unsubscribe = dictation.subscribe((event) => {
    if (event.type === 'state' && event.status.phase !== 'recording' && machine.state !== 'idle')
      machine.sessionEnded();
  });

  const onCommand = (command: HotkeyCommand): void => {
    const phase = dictation.status().phase;
    switch (command.type) {
      case 'start': {
        if (phase === 'recording') {
          // Started from the window or the tray: the key ends it.
          void dictation.stop().catch(failed('stop'));
          return;
        }
        if (phase === 'transcribing') {
          machine.sessionEnded();
          options.inform('Still transcribing the last dictation; press again when it is done.');
          return;
        }
        const start = () =>
          void dictation.start('hotkey').catch((error: unknown) => {
            machine.sessionEnded();
            failed('start')(error);
          });
        const refuse = (problem: AppError) => {
          machine.sessionEnded();
          logger.info(
            { event: 'hotkey_not_ready', problem: serializeError(problem) },
            'hotkey pressed while not ready',
          );
          options.explain(problem);
        };
        const problem = options.readiness();
        if (!problem) return start();
        if (!options.recheck || problem.kind === 'unavailable') return refuse(problem);
        // A model may have been installed since (the CLI, a download): look before saying it is missing.
        void options.recheck().then(
          (after) => (after ? refuse(after) : start()),
          () => refuse(problem),
        );
        return;
      }
      case 'stop':
        if (phase === 'recording') void dictation.stop().catch(failed('stop'));
        return;
      case 'cancel':
        if (phase === 'recording') void dictation.cancel().catch(failed('cancel'));
        return;
    }
  };

  return { onCommand, dispose: unsubscribe };
}
