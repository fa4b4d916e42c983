import { AppError } from '../../shared/errors.js';
import type { CatalogEntry } from '../../shared/models.js';
import { PARAKEET_CATALOG } from './parakeet-catalog.js';
import { WHISPER_CATALOG, WHISPER_REPOSITORY } from './whisper-catalog.js';

export { currentMachine, recommendModel, type Recommendation } from './recommend-model.js';

/** Where whisper.cpp publishes its ggml models. A mirror replaces this base (and Parakeet's, see downloadUrlFor). */
export const DEFAULT_MODEL_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';
export const MODEL_MIRROR_ENV = 'DICTATION_MODEL_MIRROR';

/** Every downloadable speech model: Whisper's files, then Parakeet's. */
export const MODEL_CATALOG: readonly CatalogEntry[] = Object.freeze([
  ...WHISPER_CATALOG,
  ...PARAKEET_CATALOG,
]);

export function findCatalogEntry(
  nameOrFile: string,
  catalog: readonly CatalogEntry[] = MODEL_CATALOG,
): CatalogEntry | undefined {
  return catalog.find((e) => e.name === nameOrFile || e.file === nameOrFile);
}

export function catalogEntryOrThrow(
  name: string,
  catalog: readonly CatalogEntry[] = MODEL_CATALOG,
): CatalogEntry {
  const entry = findCatalogEntry(name, catalog);
  if (entry) return entry;
  const similar = catalog.filter((e) => e.name.startsWith(name.split(/[.-]/)[0] ?? name)).map((e) => e.name);
  throw new AppError('invalid_request', `"${name}" is not a model in the catalog`, {
    hint: {
      window: similar.length
        ? `Did you mean ${similar.slice(0, 6).join(', ')}? The Models tab lists all of them.`
        : 'The Models tab lists the models that can be downloaded.',
      cli: similar.length
        ? `Did you mean ${similar.slice(0, 6).join(', ')}? "dictation models list" shows all of them.`
        : 'Run "dictation models list" to see the models that can be downloaded, or give a URL.',
    },
  });
}

/**
 * The base URL downloads come from: a per-download mirror, then DICTATION_MODEL_MIRROR, then the
 * user's mirror setting, then Hugging Face.
 */
export function resolveBaseUrl(
  options: { mirror?: string | undefined; settingsMirror?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const candidates: [string | undefined, string][] = [
    [options.mirror, '--mirror'],
    [env[MODEL_MIRROR_ENV], MODEL_MIRROR_ENV],
    [options.settingsMirror, 'the mirror setting'],
  ];
  for (const [value, origin] of candidates) {
    const trimmed = value?.trim();
    if (!trimmed) continue;
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      throw new AppError('invalid_request', `The model mirror "${trimmed}" (from ${origin}) is not a URL`, {
        hint: 'Use a base URL such as https://hf-mirror.com/ggerganov/whisper.cpp/resolve/main',
      });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('invalid_request', `The model mirror "${trimmed}" (from ${origin}) is not http(s)`);
    }
    return trimmed.replace(/\/+$/, '');
  }
  return DEFAULT_MODEL_BASE_URL;
}

/**
 * Where a catalog file is downloaded from. `baseUrl` is the default or a mirror (resolveBaseUrl):
 * a Hugging Face-shaped base (".../ggerganov/whisper.cpp/resolve/<revision>", the default and mirrors
 * such as hf-mirror.com) is turned into the entry's own repository at its pinned revision on the same
 * host, so Parakeet comes from ggml-org/parakeet-GGUF there; any other base is a folder that holds
 * every file by name.
 */
export function downloadUrlFor(entry: CatalogEntry, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const hub = /^(.*)\/ggerganov\/whisper\.cpp\/resolve\/[^/]+$/.exec(base);
  const root =
    hub && entry.repository !== WHISPER_REPOSITORY
      ? `${hub[1]}/${entry.repository}/resolve/${entry.revision}`
      : base;
  return `${root}/${encodeURIComponent(entry.file)}`;
}
