import { z } from 'zod';

/**
 * One OpenAI-compatible transcription server the user added (whisper.cpp's whisper-server, speaches,
 * vLLM, another machine's `dictation serve`, a cloud service). Its API key is never part of this: it
 * lives in the OS secret store (the app) or an environment variable (the CLI).
 */
export const RemoteEngineConfig = z.object({
  /** Stable id (also the key of its API key in the secret store). */
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  /** The API's base URL, e.g. http://gpu-box:8080/v1; requests go to {baseUrl}/audio/transcriptions. */
  baseUrl: z
    .string()
    .url()
    .refine((url) => /^https?:\/\//i.test(url), { message: 'use an http:// or https:// address' }),
  /** The `model` field sent with each request (servers with one model ignore it). */
  model: z.string().min(1).max(200).default('whisper-1'),
  /** Requests this server may run at once. */
  concurrency: z.number().int().min(1).max(32).default(1),
  enabled: z.boolean().default(true),
  /** Whether an API key was stored for it (the key itself is not here). */
  hasApiKey: z.boolean().default(false),
});
export type RemoteEngineConfig = z.infer<typeof RemoteEngineConfig>;
export type RemoteEngineConfigInput = z.input<typeof RemoteEngineConfig>;

/** What the health check found, as the window shows it. */
export const RemoteEngineHealth = z.object({
  id: z.string(),
  state: z.enum(['unknown', 'up', 'down']),
  checkedAt: z.number().nullable(),
  /** Why it is down, in words. */
  reason: z.string().optional(),
  /** Models the server lists (GET {base}/models), when it has that route. */
  models: z.array(z.string()).optional(),
});
export type RemoteEngineHealth = z.infer<typeof RemoteEngineHealth>;

/** Which engine produced a transcript: "local" or a remote engine's name. */
export const EngineLabel = z.object({
  kind: z.enum(['local', 'remote']),
  name: z.string(),
});
export type EngineLabel = z.infer<typeof EngineLabel>;
