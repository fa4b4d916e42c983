import { safeStorage } from 'electron';
import type { SecretCipher } from '../../../services/remote-engines/api-key-store.js';

/** Electron's safeStorage as the API key store's cipher (the thin Electron-only part). */
export const safeStorageCipher: SecretCipher = {
  available: () => safeStorage.isEncryptionAvailable(),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};
