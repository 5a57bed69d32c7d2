import type { Backup } from '../../../shared/contract/backup';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface BackupState {
  /** The backups of the data directory, newest first. */
  readonly items: readonly Backup[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** What runs now; the buttons wait for it. */
  readonly busy: 'creating' | 'restoring' | null;
  /** The last thing done, for the status line. */
  readonly done:
    | { readonly kind: 'created'; readonly backup: Backup }
    | { readonly kind: 'restored'; readonly backup: Backup; readonly previous: Backup }
    | null;
  readonly error: UiErrorCode | null;
}

export interface BackupSlice {
  backup: BackupState;
  /** Loads the list of backups. */
  loadBackups: () => Promise<void>;
  /** Backs up now; resolves to whether it worked. */
  createBackup: () => Promise<boolean>;
  /** Restores a backup (the engine backs up the current state first) and reloads what the screens show. */
  restoreBackup: (name: string) => Promise<boolean>;
}

export const createBackupSlice: SliceCreator<BackupSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<BackupState>): void => set((s) => ({ backup: { ...s.backup, ...patch } }));
  const refreshList = async (): Promise<void> => {
    update({ items: (await deps.api.call('backup.list', {})).items, status: 'ready' });
  };
  return {
    backup: { items: [], status: 'idle', busy: null, done: null, error: null },

    async loadBackups() {
      update({ status: get().backup.items.length ? 'ready' : 'loading' });
      try {
        await refreshList();
      } catch (error) {
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async createBackup() {
      if (get().backup.busy) return false;
      update({ busy: 'creating', error: null, done: null });
      try {
        const backup = await deps.api.call('backup.create', {});
        update({ done: { kind: 'created', backup } });
        await refreshList();
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      } finally {
        update({ busy: null });
      }
    },

    async restoreBackup(name) {
      if (get().backup.busy) return false;
      update({ busy: 'restoring', error: null, done: null });
      try {
        const { restored, previous } = await deps.api.call('backup.restore', { name });
        update({ done: { kind: 'restored', backup: restored, previous } });
        await Promise.all([refreshList(), get().loadSnippets(), get().loadArchive()]);
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      } finally {
        update({ busy: null });
      }
    },
  };
};
