import { z } from 'zod';

/** One remote engine as settings.json keeps it: never its API key (that is in the OS secret store). */
export const RemoteEngineSetting = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use letters, digits, - and _'),
    name: z.string().min(1).max(100),
    baseUrl: z
      .string()
      .max(500)
      .url()
      .refine((url) => /^https?:\/\//i.test(url), { message: 'use an http:// or https:// address' }),
    model: z.string().min(1).max(200),
    concurrency: z.number().int().min(1).max(32),
    enabled: z.boolean(),
    /** Whether a key is stored for it in the secret store (the key itself never is here). */
    hasApiKey: z.boolean(),
  })
  .strict();
export type RemoteEngineSetting = z.infer<typeof RemoteEngineSetting>;

export const RemoteSettings = z
  .object({
    engines: z
      .array(RemoteEngineSetting)
      .max(16)
      .refine((list) => new Set(list.map((e) => e.id)).size === list.length, {
        message: 'engine ids must differ',
      }),
    /** File jobs go in pieces to the local engine and every enabled remote engine that is up. */
    useForFiles: z.boolean(),
    /** The local engine takes pieces too (off: file jobs run on remote engines only). */
    localForFiles: z.boolean(),
    /** Long files are cut at pauses into pieces of about this length. */
    pieceSeconds: z.number().int().min(10).max(600),
    /** Dictation is sent to a remote engine first (off by default), the local engine answering if it is late. */
    useForDictation: z.boolean(),
    /** The remote engine dictation uses ('' = the first enabled one). */
    dictationEngineId: z.string().max(64),
    /** How long dictation waits for the remote engine before the local engine's text is used. */
    dictationDeadlineMs: z.number().int().min(500).max(30_000),
  })
  .strict();
export type RemoteSettings = z.infer<typeof RemoteSettings>;

export const RemoteSettingsPatch = RemoteSettings.partial().strict();

export const DEFAULT_REMOTE_SETTINGS: RemoteSettings = {
  engines: [],
  useForFiles: true,
  localForFiles: true,
  pieceSeconds: 60,
  useForDictation: false,
  dictationEngineId: '',
  dictationDeadlineMs: 4000,
};
