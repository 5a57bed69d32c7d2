import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { engineInternals } from '../services/testing/internals';
import { addList, pressRelease, useServer } from '../services/testing/mailFixtures';
import { startTestSmtp } from '../services/testing/smtp';
import { makeTempDir } from '../services/testing/tempDir';
import { openWorkstation } from '../services/workstation';
import { createSmtpPasswordHooks, SMTP_PASSWORD_FILE, type SafeStorageLike } from './smtpPassword';

// Electron's safeStorage as the mocked electron module gives it: a keychain that encrypts reversibly.
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => true,
    encryptString: (text: string) =>
      Buffer.from(`enc:${Buffer.from(text, 'utf8').toString('base64').split('').reverse().join('')}`),
    decryptString: (blob: Buffer) => {
      const text = blob.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString('utf8');
    },
  },
}));

const PASSWORD = 'Schlüssel-Bund-42!';
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

async function keychain(): Promise<SafeStorageLike> {
  const { safeStorage } = await import('electron');
  return safeStorage;
}

describe('the SMTP password in the app', () => {
  it('is kept encrypted in the user data folder, read back, and removed with an empty one', async () => {
    const storage = await keychain();
    const userData = join(tmp.dir, 'userData');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(userData);
    const hooks = createSmtpPasswordHooks({ safeStorage: () => storage, userDataDir: () => userData });
    expect(await hooks.hasSmtpPassword()).toBe(false);
    expect(await hooks.smtpPassword()).toBeNull();
    await hooks.storeSmtpPassword(PASSWORD);
    const file = join(userData, SMTP_PASSWORD_FILE);
    expect(readFileSync(file).includes(PASSWORD)).toBe(false);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(await hooks.smtpPassword()).toBe(PASSWORD);
    expect(await hooks.hasSmtpPassword()).toBe(true);
    await hooks.storeSmtpPassword('');
    expect(existsSync(file)).toBe(false);
  });

  it('stores nothing without a keychain, and a blob it cannot open counts as none', async () => {
    const userData = tmp.dir;
    const none = createSmtpPasswordHooks({
      safeStorage: () => ({
        ...(undefined as never as SafeStorageLike),
        isEncryptionAvailable: () => false,
        encryptString: () => Buffer.alloc(0),
        decryptString: () => '',
      }),
      userDataDir: () => userData,
    });
    await expect(none.storeSmtpPassword(PASSWORD)).rejects.toThrow(/keychain/);
    expect(readdirSync(userData)).toEqual([]);
    // Linux without a secret store: Electron would encrypt with a fixed key, which protects nothing.
    const plain = createSmtpPasswordHooks({
      safeStorage: () => ({
        isEncryptionAvailable: () => true,
        getSelectedStorageBackend: () => 'basic_text',
        encryptString: (text) => Buffer.from(text),
        decryptString: (blob) => blob.toString(),
      }),
      userDataDir: () => userData,
    });
    await expect(plain.storeSmtpPassword(PASSWORD)).rejects.toThrow(/keychain/);
    expect(readdirSync(userData)).toEqual([]);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(userData, SMTP_PASSWORD_FILE), 'fremd');
    const hooks = createSmtpPasswordHooks({
      safeStorage: () => ({
        isEncryptionAvailable: () => true,
        encryptString: () => Buffer.alloc(0),
        decryptString: () => {
          throw new Error('x');
        },
      }),
      userDataDir: () => userData,
    });
    expect(await hooks.smtpPassword()).toBeNull();
  });

  it('reaches the engine through the host hooks: set in the settings, used for the server, never in the database', async () => {
    const storage = await keychain();
    const userData = join(tmp.dir, 'userData');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(userData);
    const hooks = createSmtpPasswordHooks({ safeStorage: () => storage, userDataDir: () => userData });
    const smtp = await startTestSmtp({ auth: { user: 'presse', password: PASSWORD } });
    const dataDir = join(tmp.dir, 'data');
    const ws = openWorkstation({ dataDir, host: 'electron', hostHooks: hooks });
    try {
      expect(await ws.handlers['mail.passwordStatus']({})).toEqual({ source: 'keychain', stored: false });
      expect(await ws.handlers['mail.setPassword']({ password: PASSWORD })).toEqual({
        source: 'keychain',
        stored: true,
      });
      useServer(ws, smtp.port, { 'mail.user': 'presse' });
      addList(ws, 'Presse', [{ email: 'a@zeitung.example' }]);
      const { id } = await pressRelease(ws);
      const summary = await ws.sendMail({ releaseId: id, lists: ['Presse'] });
      expect(summary.accepted).toBe(1);
      expect(smtp.passwords).toEqual([PASSWORD]);
      const settings = await ws.handlers['settings.list']({});
      expect(JSON.stringify(settings)).not.toContain(PASSWORD);
      void engineInternals(ws).db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      ws.close();
      await smtp.close();
    }
    for (const name of readdirSync(dataDir).filter((n) => n.startsWith('pressdesk.db')))
      expect(readFileSync(join(dataDir, name)).includes(PASSWORD)).toBe(false);
  });

  it('web mode and the CLI keep no password: setPassword is refused, the status names the environment', async () => {
    const ws = openWorkstation({ dataDir: join(tmp.dir, 'web'), host: 'web' });
    try {
      expect((await ws.handlers['mail.passwordStatus']({})).source).toBe('environment');
      await expect(
        Promise.resolve().then(() => ws.handlers['mail.setPassword']({ password: 'x' })),
      ).rejects.toMatchObject({
        code: 'MAIL_PASSWORD_UNSUPPORTED',
      });
    } finally {
      ws.close();
    }
  });
});
