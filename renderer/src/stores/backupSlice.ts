import {
  BackupKeepSchema,
  type FullBackupExportResult,
  type FullBackupImportResult,
  type Backup,
} from '../../../shared/contract/backup';
import { errorCodeOf, type UiErrorCode } from '../lib/errors';
import type { SliceCreator } from './types';

export interface BackupState {
  /** The backups of the data directory, newest first. */
  readonly items: readonly Backup[];
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  /** What runs now; the buttons wait for it. */
  readonly busy: 'creating' | 'restoring' | 'exporting' | 'importing' | null;
  /** The last thing done, for the status line. */
  readonly done:
    | { readonly kind: 'created'; readonly backup: Backup }
    | {
        readonly kind: 'restored';
        readonly backup: Backup;
        readonly previous: Backup;
        /** What the backup held that did not pass the checks and was left out (at most 200 named). */
        readonly dropped: readonly string[];
        readonly droppedCount: number;
      }
    | { readonly kind: 'exported'; readonly result: Exclude<FullBackupExportResult, { status: 'cancelled' }> }
    | { readonly kind: 'imported'; readonly result: Extract<FullBackupImportResult, { status: 'imported' }> }
    | null;
  readonly error: UiErrorCode | null;
  /** Why the last export or import of the full backup failed. */
  readonly archiveError: UiErrorCode | null;
  /** How many automatic backups are kept (null until loaded). */
  readonly keep: number | null;
  /** The number of automatic backups kept: being saved, saved, or why it was not stored. */
  readonly keepState:
    | { readonly kind: 'saving' }
    | { readonly kind: 'saved'; readonly keep: number }
    | { readonly kind: 'error'; readonly code: UiErrorCode }
    | null;
}

export interface BackupSlice {
  backup: BackupState;
  /** Loads the list of backups. */
  loadBackups: () => Promise<void>;
  /**
   * Stores how many automatic backups are kept (a whole number from 1 to 100;
   * anything else is refused with INVALID_INPUT before it is sent). Resolves to whether it was stored.
   */
  saveBackupKeep: (keep: number) => Promise<boolean>;
  /** Backs up now; resolves to whether it worked. */
  createBackup: () => Promise<boolean>;
  /** Restores a backup (the engine backs up the current state first) and reloads what the screens show. */
  restoreBackup: (name: string) => Promise<boolean>;
  /** Writes the full backup (the app asks where; web mode downloads it); resolves to whether one was written. */
  exportFullBackup: () => Promise<boolean>;
  /**
   * Replaces all data with a full backup: web mode uploads `file`, the app
   * asks for the file in its own dialog. Reloads what the screens show.
   */
  importFullBackup: (file?: Blob) => Promise<boolean>;
  /** Shows the archive written last in the file manager (the app only). */
  revealFullBackup: () => Promise<void>;
  /** Whether the page itself chooses and uploads the archive (web mode) rather than the app's dialog. */
  canUploadArchive: () => boolean;
}

/** One archive holds up to 4 GB; larger files are refused before anything is sent. */
export const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;

export const createBackupSlice: SliceCreator<BackupSlice> = (deps) => (set, get) => {
  const update = (patch: Partial<BackupState>): void => set((s) => ({ backup: { ...s.backup, ...patch } }));
  const refreshList = async (): Promise<void> => {
    update({ items: (await deps.api.call('backup.list', {})).items, status: 'ready' });
  };
  const refreshKeep = async (): Promise<void> => {
    update({ keep: (await deps.api.call('backup.settings', {})).keep });
  };
  return {
    backup: {
      items: [],
      status: 'idle',
      busy: null,
      done: null,
      error: null,
      archiveError: null,
      keep: null,
      keepState: null,
    },

    async loadBackups() {
      update({ status: get().backup.items.length ? 'ready' : 'loading' });
      try {
        await Promise.all([refreshList(), refreshKeep()]);
      } catch (error) {
        update({ status: 'error', error: errorCodeOf(error) });
      }
    },

    async saveBackupKeep(keep) {
      if (!BackupKeepSchema.safeParse(keep).success) {
        update({ keepState: { kind: 'error', code: 'INVALID_INPUT' } });
        return false;
      }
      update({ keepState: { kind: 'saving' } });
      try {
        const stored = await deps.api.call('backup.setSettings', { keep });
        update({ keep: stored.keep, keepState: { kind: 'saved', keep: stored.keep } });
        return true;
      } catch (error) {
        update({ keepState: { kind: 'error', code: errorCodeOf(error) } });
        return false;
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
        const { restored, previous, dropped = [], droppedCount } = await deps.api.call('backup.restore', { name });
        update({
          done: {
            kind: 'restored',
            backup: restored,
            previous,
            dropped,
            droppedCount: droppedCount ?? dropped.length,
          },
        });
        await Promise.all([refreshList(), refreshKeep(), get().loadSnippets(), get().loadArchive()]);
        return true;
      } catch (error) {
        update({ error: errorCodeOf(error) });
        return false;
      } finally {
        update({ busy: null });
      }
    },

    async exportFullBackup() {
      if (get().backup.busy) return false;
      update({ busy: 'exporting', archiveError: null, done: null });
      try {
        const result = await deps.api.call('backup.exportFullBackup', {});
        if (result.status === 'cancelled') return false;
        if (result.status === 'download') deps.api.downloadFullBackup?.(result.download, result.fileName);
        update({ done: { kind: 'exported', result } });
        return true;
      } catch (error) {
        update({ archiveError: errorCodeOf(error) });
        return false;
      } finally {
        update({ busy: null });
      }
    },

    async importFullBackup(file) {
      if (get().backup.busy) return false;
      if (file && file.size > MAX_ARCHIVE_BYTES) {
        update({ archiveError: 'ARCHIVE_TOO_LARGE', done: null });
        return false;
      }
      update({ busy: 'importing', archiveError: null, done: null });
      try {
        const upload = deps.api.uploadFullBackup;
        const result = upload && file ? await upload(file) : await deps.api.call('backup.importFullBackup', {});
        if (result.status === 'cancelled') return false;
        update({ done: { kind: 'imported', result } });
        await Promise.all([
          refreshList(),
          refreshKeep(),
          get().loadSnippets(),
          get().loadArchive(),
          get().loadTopics(),
        ]);
        return true;
      } catch (error) {
        update({ archiveError: errorCodeOf(error) });
        return false;
      } finally {
        update({ busy: null });
      }
    },

    canUploadArchive: () => deps.api.uploadFullBackup !== undefined,

    async revealFullBackup() {
      try {
        await deps.api.call('backup.revealFullBackup', {});
      } catch (error) {
        update({ archiveError: errorCodeOf(error) });
      }
    },
  };
};
