import { mkdir, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError, type AudienceHints } from '../../shared/errors.js';
import { copyFileAtomic, writeFileAtomic } from '../storage/atomic-file.js';
import type { CatalogEntry, InstalledModel } from '../../shared/models.js';
import { findCatalogEntry } from './catalog.js';
import { ChecksumCache } from './checksum-cache.js';
import { noRoomError } from './disk-space.js';
import { inspectModelFile, readModelHeader, type GgmlModelSummary } from './ggml-header.js';

/** The active model, kept beside the models until the app has a settings module. */
const MODELS_STATE_FILE = 'models-state.json';

const ModelsState = z.object({ version: z.literal(1), active: z.string().nullable() });
type ModelsState = z.infer<typeof ModelsState>;

/** "ggml-base.en.bin" -> "base.en"; "my-model.bin" -> "my-model". */
export function modelNameFromFile(file: string): string {
  return file.replace(/^ggml-/, '').replace(/\.bin$/, '');
}

/** A file name that is safe inside the models folder, ending in .bin. */
export function safeModelFileName(raw: string): string {
  const base = path.basename(raw.replace(/\\/g, '/'));
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  if (!cleaned || cleaned === '.bin') {
    throw new AppError('invalid_request', `"${raw}" does not give a usable model file name`, {
      hint: 'Use a file or URL that ends in a name such as ggml-base.en.bin.',
    });
  }
  return cleaned.endsWith('.bin') ? cleaned : `${cleaned}.bin`;
}

function alreadyInstalledHint(name: string): AudienceHints {
  return {
    window: `Remove ${name} in the Models tab first, or rename the file you import.`,
    cli: `Remove it first ("dictation models remove ${name}") or rename the file you import.`,
  };
}

/** The models folder: which models are installed, which one is active, adding and removing them. */
export class ModelStore {
  readonly checksums: ChecksumCache;

  constructor(
    readonly modelsDir: string,
    private readonly catalog: readonly CatalogEntry[],
  ) {
    this.checksums = new ChecksumCache(modelsDir);
  }

  private get stateFile(): string {
    return path.join(this.modelsDir, MODELS_STATE_FILE);
  }

  async list(): Promise<InstalledModel[]> {
    const entries = await readdir(this.modelsDir, { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      },
    );
    const active = await this.activeFile();
    const models: InstalledModel[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.bin')) continue;
      const model = await this.describe(entry.name, active);
      if (model) models.push(model);
    }
    return models.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** By name ("base.en"), file name ("ggml-base.en.bin") or catalog name. */
  async find(nameOrFile: string): Promise<InstalledModel | null> {
    const models = await this.list();
    return (
      models.find((m) => m.name === nameOrFile || m.file === nameOrFile || m.catalogName === nameOrFile) ??
      null
    );
  }

  async require(nameOrFile: string): Promise<InstalledModel> {
    const model = await this.find(nameOrFile);
    if (model) return model;
    const installed = (await this.list()).map((m) => m.name);
    throw new AppError('model_not_found', `No installed model is called "${nameOrFile}"`, {
      hint: {
        window: installed.length
          ? `Installed: ${installed.join(', ')}. Download others in the Models tab.`
          : 'No model is installed yet: download or import one in the Models tab.',
        cli: installed.length
          ? `Installed: ${installed.join(', ')}. Download others with "dictation models download <name>".`
          : 'No model is installed yet: "dictation models download <name>" or "dictation models import <file>".',
      },
    });
  }

  async getActive(): Promise<InstalledModel | null> {
    const file = await this.activeFile();
    return file ? this.describe(file, file) : null;
  }

  async setActive(nameOrFile: string): Promise<InstalledModel> {
    const model = await this.require(nameOrFile);
    await this.writeState({ version: 1, active: model.file });
    return { ...model, active: true };
  }

  async clearActive(): Promise<void> {
    await this.writeState({ version: 1, active: null });
  }

  /** Deletes a model file. The active model is refused while the app uses it. */
  async remove(nameOrFile: string, activeInUse: boolean): Promise<InstalledModel> {
    const model = await this.require(nameOrFile);
    if (model.active && activeInUse) {
      throw new AppError('model_in_use', `${model.name} is the active model and is in use`, {
        hint: {
          window: 'Choose another model first (Use, in the Models tab), then remove this one.',
          cli: 'Choose another model first ("dictation models use <name>"), then remove this one.',
        },
      });
    }
    await rm(model.path, { force: true });
    await this.checksums.forget(model.file);
    if (model.active) await this.clearActive();
    return model;
  }

  /**
   * Copies a model file into the models folder after checking its whole ggml structure. The engine
   * never sees a file that failed the check.
   */
  async importFile(source: string): Promise<{ model: InstalledModel; summary: GgmlModelSummary }> {
    const sourcePath = path.resolve(source);
    const summary = await inspectModelFile(sourcePath);
    const file = safeModelFileName(sourcePath);
    const destination = path.join(this.modelsDir, file);
    await mkdir(this.modelsDir, { recursive: true });
    const existing = await stat(destination).catch(() => null);
    if (existing) {
      const same = (await realpath(sourcePath)) === (await realpath(destination));
      throw new AppError(
        'model_exists',
        same
          ? `${sourcePath} is already in the models folder`
          : `A model named ${modelNameFromFile(file)} is already installed (${destination})`,
        {
          hint: same
            ? {
                window: 'Choose it in the Models tab.',
                cli: `Choose it with "dictation models use ${modelNameFromFile(file)}".`,
              }
            : alreadyInstalledHint(modelNameFromFile(file)),
        },
      );
    }
    let written = 0;
    try {
      // No overwrite: a model of that name that appeared since the check above is kept, not replaced.
      await copyFileAtomic(sourcePath, destination, {
        overwrite: false,
        verify: async (copy) => {
          written = (await stat(copy)).size;
          if (written !== summary.sizeBytes) {
            throw new AppError('io', `Copying ${sourcePath} wrote ${written} of ${summary.sizeBytes} bytes`);
          }
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AppError(
          'model_exists',
          `A model named ${modelNameFromFile(file)} is already installed (${destination})`,
          {
            hint: alreadyInstalledHint(modelNameFromFile(file)),
          },
        );
      }
      throw noRoomError(error, { file, dir: this.modelsDir, bytes: written, resumable: false }) ?? error;
    }
    const model = await this.describe(file, await this.activeFile());
    if (!model) throw new AppError('io', `${destination} disappeared right after it was imported`);
    return { model, summary };
  }

  async activeFile(): Promise<string | null> {
    try {
      return ModelsState.parse(JSON.parse(await readFile(this.stateFile, 'utf8'))).active;
    } catch {
      return null;
    }
  }

  private async writeState(state: ModelsState): Promise<void> {
    await mkdir(this.modelsDir, { recursive: true });
    await writeFileAtomic(this.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }

  private async describe(file: string, activeFile: string | null): Promise<InstalledModel | null> {
    const filePath = path.join(this.modelsDir, file);
    const info = await stat(filePath).catch(() => null);
    if (!info?.isFile()) return null;
    // Other files in the folder (the Silero VAD model, anything foreign) are not speech models.
    const header = await readModelHeader(filePath);
    if (!header) return null;
    const catalogEntry = findCatalogEntry(file, this.catalog);
    const model: InstalledModel = {
      name: modelNameFromFile(file),
      file,
      path: filePath,
      sizeBytes: info.size,
      active: file === activeFile,
    };
    if (catalogEntry) {
      model.catalogName = catalogEntry.name;
      const damage = await this.catalogMismatch(file, info.size, catalogEntry);
      if (damage) model.damaged = damage;
    }
    model.multilingual = header.multilingual;
    model.family = header.family;
    model.type = header.type;
    model.capabilities = header.capabilities;
    return model;
  }

  /**
   * How a file named like a catalog model differs from it (size, then SHA-256), or null when it is
   * that model. A truncated or altered file, or another file under the name, is damaged, not installed.
   */
  async catalogMismatch(file: string, size: number, entry: CatalogEntry): Promise<string | null> {
    if (size !== entry.sizeBytes) return `it has ${size} bytes, ${entry.name} has ${entry.sizeBytes}`;
    if (!entry.sha256) return null;
    const digest = await this.checksums.sha256(file);
    return digest === entry.sha256 ? null : `its SHA-256 is ${digest}, ${entry.name}'s is ${entry.sha256}`;
  }
}
