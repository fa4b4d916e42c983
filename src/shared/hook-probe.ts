import { z } from 'zod';

/**
 * What the keyboard-hook check (src/main/hosts/electron/hook-probe-entry.ts, a utility process) tells
 * the app, as a message: Electron drops a utility process's stdout and stderr listeners when it exits,
 * so output written just before the exit may never arrive.
 */
export const HookProbeResult = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('hook_probe'), ok: z.literal(true) }),
  z.object({ type: z.literal('hook_probe'), ok: z.literal(false), error: z.string().max(8000) }),
]);
export type HookProbeResult = z.infer<typeof HookProbeResult>;
