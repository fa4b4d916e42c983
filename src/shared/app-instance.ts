import { z } from 'zod';

/**
 * What a second launch of the app sends to the running one (Electron's requestSingleInstanceLock
 * additionalData). The raw argv Electron also passes may be reordered or carry Chromium switches, so
 * the running instance prefers this copy when it validates.
 */
export const secondInstanceMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('launch'),
    timestamp: z.number(),
    argv: z.array(z.string().max(32_768)).max(1_000),
    cwd: z.string().max(32_768),
  }),
]);
export type SecondInstanceMessage = z.infer<typeof secondInstanceMessageSchema>;
