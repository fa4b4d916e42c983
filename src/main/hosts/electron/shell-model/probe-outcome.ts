import { HookProbeResult } from '../../../../shared/hook-probe.js';

/** The part of a utility process (or a forked Node child) the probe waits on. */
export interface ProbeChild {
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type ProbeOutcome =
  | { kind: 'ok' }
  /** The hook threw: its own words. */
  | { kind: 'failed'; error: string }
  /** The process ended without an answer (a native abort): only its output, if any arrived, says why. */
  | { kind: 'exited'; code: number | null }
  | { kind: 'timed_out' };

/**
 * Waits for the probe's answer message, not for its output or exit code: Electron emits a utility
 * process's 'exit' and then removes every stdout/stderr listener, so output the child wrote just
 * before exiting can be lost (lib/browser/api/utility-process.ts). The child stays alive until the
 * answer has arrived; this ends it then.
 */
export function awaitProbeOutcome(child: ProbeChild, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ProbeOutcome, kill: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (kill) child.kill();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'timed_out' }, true), timeoutMs);
    child.onMessage((message) => {
      const parsed = HookProbeResult.safeParse(message);
      if (!parsed.success) return;
      finish(parsed.data.ok ? { kind: 'ok' } : { kind: 'failed', error: parsed.data.error }, true);
    });
    child.onExit((code) => finish({ kind: 'exited', code }, false));
  });
}
