import { AppError } from '../../shared/errors.js';
import type { InstalledModel } from '../../shared/models.js';
import type { DownloadTarget } from './download-job.js';
import type { ModelStore } from './model-store.js';
import { fileSize, partialPaths } from './partial-download.js';

export interface InstalledMatch {
  model: InstalledModel;
  /** The checks the installed file passed. */
  verified: { size: boolean; sha256: boolean };
}

/**
 * A download whose file is already in the models folder. It counts as installed only when it is the
 * file asked for: the catalog size, and the requested (or catalog) SHA-256. Anything else is an
 * error that says what differs and how to replace it; nothing is overwritten without `force`.
 * Null: not there (or `force`), so download it.
 */
export async function checkInstalled(
  store: ModelStore,
  target: DownloadTarget,
  request: { source: string; force: boolean },
): Promise<InstalledMatch | null> {
  const size = await fileSize(partialPaths(store.modelsDir, target.file).final);
  if (size === null || request.force) return null;
  const differs = (what: string) =>
    new AppError(
      'model_exists',
      `${target.file} is already installed but is not the file asked for: ${what}`,
      {
        hint: {
          window: `Remove ${target.name} in the Models tab first, then download it again.`,
          cli:
            `Replace it ("dictation models download ${request.source} --force") or remove it first ` +
            `("dictation models remove ${target.name}").`,
        },
      },
    );
  if (target.expectedSize !== undefined && size !== target.expectedSize) {
    throw differs(`it has ${size} bytes, expected ${target.expectedSize}`);
  }
  if (target.sha256) {
    const found = await store.checksums.sha256(target.file);
    if (found !== target.sha256) throw differs(`its SHA-256 is ${found}, expected ${target.sha256}`);
  }
  const model = await store.find(target.file);
  if (!model) throw differs('it is not a whisper.cpp speech model');
  // The catalog's own checks (a file named like a catalog model that is not it).
  if (model.damaged) throw differs(model.damaged);
  return { model, verified: { size: target.expectedSize !== undefined, sha256: Boolean(target.sha256) } };
}
