import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import { writeFileAtomic } from '../storage/atomic-file.js';
import { PRIVATE_FILE_MODE } from '../storage/private-files.js';

/**
 * Encrypts with a key the OS keeps (Electron's safeStorage: the keychain on macOS, DPAPI on Windows,
 * the Secret Service / kwallet on Linux). Tests inject their own.
 */
export interface SecretCipher {
  /** False where the OS offers no secret store (then keys are not stored at all, never in plain text). */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** Where no secret store is wired in (the headless host): keys are refused, never kept in plain text. */
export const NO_CIPHER: SecretCipher = {
  available: () => false,
  encrypt: () => {
    throw new Error('no secret store');
  },
  decrypt: () => {
    throw new Error('no secret store');
  },
};

/** API keys of remote engines, by engine id. */
export interface ApiKeyStore {
  get(id: string): Promise<string | undefined>;
  set(id: string, key: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * API keys sealed with the OS secret store, in their own file beside settings.json (remote-keys.json,
 * mode 0600, each value encrypted, base64). settings.json only records that an engine has a key.
 */
export class SealedApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  private async read(): Promise<Record<string, string>> {
    try {
      const json = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      return json && typeof json === 'object' ? (json as Record<string, string>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new AppError('io', `The API key file ${this.file} cannot be read: ${(error as Error).message}`, {
        hint: 'Enter the API keys of your remote engines again in Settings.',
      });
    }
  }

  async get(id: string): Promise<string | undefined> {
    const sealed = (await this.read())[id];
    if (sealed === undefined) return undefined;
    if (!this.cipher.available()) throw this.unavailable();
    try {
      return this.cipher.decrypt(Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new AppError(
        'io',
        `The API key of remote engine ${id} cannot be decrypted: ${(error as Error).message}`,
        {
          hint: 'The OS secret store may have changed; enter the key again in Settings.',
        },
      );
    }
  }

  async set(id: string, key: string): Promise<void> {
    if (!this.cipher.available()) throw this.unavailable();
    const all = await this.read();
    all[id] = this.cipher.encrypt(key).toString('base64');
    await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  }

  async delete(id: string): Promise<void> {
    const all = await this.read();
    if (!(id in all)) return;
    delete all[id];
    await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  }

  private unavailable(): AppError {
    return new AppError(
      'unavailable',
      'No OS secret store is available, so API keys cannot be kept safely.',
      {
        hint: 'On Linux install and unlock a keyring (GNOME Keyring or KWallet); for the CLI use an environment variable.',
      },
    );
  }
}
