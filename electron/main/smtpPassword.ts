import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Electron's `safeStorage`, as far as the app uses it (the system's keychain encrypts). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store encrypts (`basic_text` is a fixed key, no protection at all). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** The file in the app's user data folder (never the data directory, never the database) that keeps the encrypted password. */
export const SMTP_PASSWORD_FILE = 'smtp-password.bin';

export interface SmtpPasswordHooks {
  smtpPassword(): Promise<string | null>;
  storeSmtpPassword(password: string): Promise<void>;
  hasSmtpPassword(): Promise<boolean>;
}

/**
 * The SMTP password in the app: encrypted by the system's keychain through
 * Electron's safeStorage, kept as a blob in the user data folder. It is not
 * in the database, so no backup carries it; it is handed to the engine only
 * when a connection to the mail server is made. Without a keychain
 * (safeStorage unavailable, or on Linux only its fixed-key `basic_text`
 * fallback, which would keep the password as good as readable) nothing is
 * stored.
 */
export function createSmtpPasswordHooks(deps: {
  safeStorage: () => SafeStorageLike;
  userDataDir: () => string;
}): SmtpPasswordHooks {
  const secret = keychainSecret(deps, SMTP_PASSWORD_FILE);
  return { smtpPassword: secret.read, storeSmtpPassword: secret.store, hasSmtpPassword: secret.has };
}

/** The file that keeps the team server's password, encrypted like the SMTP password. */
export const TEAM_PASSWORD_FILE = 'team-password.bin';

export interface TeamPasswordHooks {
  teamPassword(): Promise<string | null>;
  storeTeamPassword(password: string): Promise<void>;
}

/** The team server's password in the app: in the keychain, exactly as the SMTP password. */
export function createTeamPasswordHooks(deps: {
  safeStorage: () => SafeStorageLike;
  userDataDir: () => string;
}): TeamPasswordHooks {
  const secret = keychainSecret(deps, TEAM_PASSWORD_FILE);
  return { teamPassword: secret.read, storeTeamPassword: secret.store };
}

/** One secret kept encrypted by the keychain in a file of the user data folder. */
function keychainSecret(
  deps: { safeStorage: () => SafeStorageLike; userDataDir: () => string },
  fileName: string,
): {
  read: () => Promise<string | null>;
  store: (password: string) => Promise<void>;
  has: () => Promise<boolean>;
} {
  const file = () => join(deps.userDataDir(), fileName);
  return {
    read: () => {
      const path = file();
      if (!existsSync(path)) return Promise.resolve(null);
      try {
        return Promise.resolve(deps.safeStorage().decryptString(readFileSync(path)));
      } catch {
        // A blob the keychain cannot open (another user, another machine) counts as none.
        return Promise.resolve(null);
      }
    },
    store: (password) => {
      const path = file();
      if (password === '') {
        rmSync(path, { force: true });
        return Promise.resolve();
      }
      const storage = deps.safeStorage();
      if (!storage.isEncryptionAvailable() || storage.getSelectedStorageBackend?.() === 'basic_text')
        return Promise.reject(new Error('The system keychain is not available; the password was not stored.'));
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, storage.encryptString(password), { mode: 0o600 });
      renameSync(temporary, path);
      return Promise.resolve();
    },
    has: () => Promise.resolve(existsSync(file())),
  };
}
