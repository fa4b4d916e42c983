import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { appPaths } from '../services/app-paths.js';
import type { RemoteEngineSpec } from '../services/jobs/pieces/piece-setup.js';
import { AppError } from '../shared/errors.js';
import { RemoteEngineConfig } from '../shared/remote-engines.js';

/**
 * The CLI's remote engines: `--engine URL` (repeatable; `name=URL`, `URL#concurrency=2&model=x`) and
 * the config file (`--engines FILE`, else engines.json in the data folder when it exists). API keys are
 * never in either: each engine's key comes from the environment variable the file names
 * (`apiKeyEnv`), else DICTATION_ENGINE_KEY_<NAME> (upper case, non-alphanumerics as _), else
 * DICTATION_ENGINE_API_KEY for all of them.
 */
const EngineFileEntry = RemoteEngineConfig.omit({ id: true, hasApiKey: true })
  .extend({ id: z.string().min(1).max(64).optional(), apiKeyEnv: z.string().min(1).optional() })
  .strict();
const EnginesFile = z.object({ engines: z.array(EngineFileEntry).max(64) }).strict();

export function envKeyName(name: string): string {
  return `DICTATION_ENGINE_KEY_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

function apiKeyFor(name: string, env: NodeJS.ProcessEnv, apiKeyEnv?: string): string | undefined {
  if (apiKeyEnv) return env[apiKeyEnv];
  return env[envKeyName(name)] ?? env['DICTATION_ENGINE_API_KEY'];
}

/** One --engine value. */
export function parseEngineFlag(value: string, env: NodeJS.ProcessEnv = process.env): RemoteEngineSpec {
  const named = /^([A-Za-z0-9._-]{1,64})=(.+)$/.exec(value);
  const raw = named ? (named[2] as string) : value;
  const [address, fragment = ''] = raw.split('#', 2) as [string, string?];
  const params = new URLSearchParams(fragment);
  let host: string;
  try {
    host = new URL(address).host;
  } catch {
    throw new AppError('invalid_request', `--engine ${value}: not a URL`, {
      hint: 'Give the API base URL, e.g. http://gpu-box:8080/v1',
    });
  }
  const name = named?.[1] ?? host;
  const parsed = RemoteEngineConfig.safeParse({
    id: name,
    name,
    baseUrl: address,
    model: params.get('model') ?? undefined,
    concurrency: params.has('concurrency') ? Number(params.get('concurrency')) : undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_request', `--engine ${value}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return { config: parsed.data, apiKey: apiKeyFor(name, env) };
}

/** The engines file, or [] when no file is given and the default one does not exist. */
export function readEnginesFile(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): RemoteEngineSpec[] {
  const chosen = file ?? path.join(appPaths().dataDir, 'engines.json');
  let text: string;
  try {
    text = readFileSync(chosen, 'utf8');
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError(
      'io',
      `${chosen}: cannot read the engines file (${(error as NodeJS.ErrnoException).code ?? ''})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', `${chosen}: not JSON`);
  }
  const parsed = EnginesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_request', `${chosen}: ${issue?.path.join('.')}: ${issue?.message}`, {
      hint: 'Expected {"engines": [{"name": "...", "baseUrl": "http://host:8080/v1", "model": "...", "concurrency": 1}]}; keys go in environment variables (apiKeyEnv).',
    });
  }
  return parsed.data.engines.map((entry) => {
    const { apiKeyEnv, ...rest } = entry;
    const config = RemoteEngineConfig.parse({ ...rest, id: entry.id ?? entry.name });
    return { config, apiKey: apiKeyFor(entry.name, env, apiKeyEnv) };
  });
}
