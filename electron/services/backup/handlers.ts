import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HandlersOf } from '../../../shared/contract';
import {
  BackupKeepSchema,
  DEFAULT_BACKUP_KEEP,
  type fullBackupChannels,
  type FullBackupImportResult,
  type backupChannels,
} from '../../../shared/contract/backup';
import { PressdeskError } from '../../../shared/errors';
import type { SettingsStore } from '../settings/settingsStore';
import { applyFullBackupToOpenDatabase } from './fullBackupRestore';
import { exportFullBackup } from './fullBackupWriter';
import {
  BACKUP_DIR,
  describeBackup,
  listBackupInfos,
  restoreIntoOpenDatabase,
  rotateBackup,
  stamp,
  type BackupInfo,
} from './backupService';

/** The settings key of the number of automatic backups kept. */
const BACKUP_KEEP_KEY = 'backup.keep';

/** How many automatic backups are kept: the stored number, or the default when none (or a bad one) is stored. */
export function backupKeep(settings: SettingsStore): number {
  const stored = BackupKeepSchema.safeParse(settings.get<unknown>(BACKUP_KEEP_KEY, DEFAULT_BACKUP_KEEP));
  return stored.success ? stored.data : DEFAULT_BACKUP_KEEP;
}

/** Backing up and restoring from the app (both hosts). */
export function backupHandlers(deps: {
  db: Database.Database;
  dataDir: string;
  settings: SettingsStore;
  now?: () => Date;
}): HandlersOf<typeof backupChannels> {
  const now = deps.now ?? (() => new Date());
  const find = async (name: string): Promise<BackupInfo> => {
    const found = (await listBackupInfos(deps.dataDir)).find((b) => b.name === name);
    if (!found) throw new PressdeskError('NOT_FOUND', `No backup named ${name}.`, { name });
    return found;
  };
  return {
    'backup.list': async () => ({ items: await listBackupInfos(deps.dataDir) }),
    'backup.create': async () => {
      const file = await rotateBackup(deps.db, deps.dataDir, backupKeep(deps.settings), 'manual', now());
      return find(basename(file));
    },
    'backup.restore': async ({ name }) => {
      const restored = await find(name);
      const { previous, dropped, droppedCount } = await restoreIntoOpenDatabase(
        deps.db,
        deps.dataDir,
        join(deps.dataDir, BACKUP_DIR, name),
        now(),
      );
      return { restored, previous: await find(basename(previous)), dropped: [...dropped], droppedCount };
    },
    'backup.settings': () => ({ keep: backupKeep(deps.settings) }),
    'backup.setSettings': ({ keep }) => {
      deps.settings.set(BACKUP_KEEP_KEY, keep);
      return { keep: backupKeep(deps.settings) };
    },
  };
}

/** What the app's host does for the full backup: its save and open dialogs and the file manager. */
export interface FullBackupHostHooks {
  /** Asks where to write the archive; null when the user cancels. */
  readonly chooseFullBackupTarget?: (suggestedName: string) => Promise<string | null>;
  /** Asks which archive to import; null when the user cancels. */
  readonly chooseFullBackupSource?: () => Promise<string | null>;
  /** Shows a file in the system's file manager. */
  readonly showInFolder?: (file: string) => void | Promise<void>;
}

export interface FullBackupFiles {
  readonly handlers: HandlersOf<typeof fullBackupChannels>;
  /** The file behind a waiting web-mode download, or null. */
  readonly download: (id: string) => { path: string; fileName: string } | null;
  /** Forgets a download and deletes its file. */
  readonly finishDownload: (id: string) => Promise<void>;
  /** Applies an archive file (the app's choice or web mode's upload) to the open data directory. */
  readonly importFile: (file: string) => Promise<Extract<FullBackupImportResult, { status: 'imported' }>>;
}

/** The portable full backup from the app (both hosts). */
export function fullBackupFiles(deps: {
  db: Database.Database;
  dataDir: string;
  hooks?: FullBackupHostHooks;
  /** Where a full backup waits to be downloaded (web mode names it; a host with a save dialog needs none). */
  downloadDir?: string;
  now?: () => Date;
}): FullBackupFiles {
  const now = deps.now ?? (() => new Date());
  const downloads = new Map<string, { path: string; fileName: string }>();
  let lastSaved: string | null = null;
  const downloadDir = deps.downloadDir;

  const importFile: FullBackupFiles['importFile'] = async (file) => {
    const result = await applyFullBackupToOpenDatabase(deps.db, deps.dataDir, file, now());
    const { size } = await stat(result.previous);
    const previous = describeBackup(result.previous, size);
    if (!previous) throw new PressdeskError('INTERNAL', 'The backup before the import has an unexpected name.');
    return {
      status: 'imported',
      previous,
      releases: result.releases,
      assets: result.assets,
      addedImages: result.addedImages,
      dropped: [...result.dropped],
      droppedCount: result.droppedCount,
    };
  };

  return {
    handlers: {
      'backup.exportFullBackup': async () => {
        const fileName = `pressdesk-archive-${stamp(now())}.zip`;
        const choose = deps.hooks?.chooseFullBackupTarget;
        if (choose) {
          const target = await choose(fileName);
          if (target === null) return { status: 'cancelled' };
          // The save dialog has asked before an existing file is chosen: it is replaced by the finished archive.
          const written = await exportFullBackup(deps.db, deps.dataDir, target, now(), { replace: true });
          lastSaved = written.file;
          return {
            status: 'saved',
            fileName: basename(written.file),
            bytes: written.bytes,
            releases: written.releases,
            assets: written.assets,
          };
        }
        // One download waits at a time: an older one that was never fetched goes.
        for (const id of [...downloads.keys()]) await finishDownload(id);
        if (!downloadDir)
          throw new PressdeskError(
            'EXPORT_TARGET_UNSUPPORTED',
            'This host has neither a save dialog nor a place for downloads; use "pressdesk backup --full --out FILE".',
          );
        await mkdir(downloadDir, { recursive: true });
        const id = randomUUID();
        const written = await exportFullBackup(deps.db, deps.dataDir, join(downloadDir, `${id}.zip`), now());
        downloads.set(id, { path: written.file, fileName });
        return {
          status: 'download',
          download: id,
          fileName,
          bytes: written.bytes,
          releases: written.releases,
          assets: written.assets,
        };
      },
      'backup.importFullBackup': async () => {
        const choose = deps.hooks?.chooseFullBackupSource;
        if (!choose)
          throw new PressdeskError('INVALID_INPUT', 'In web mode the archive is uploaded to /full-backup/import.');
        const file = await choose();
        if (file === null) return { status: 'cancelled' };
        return importFile(file);
      },
      'backup.revealFullBackup': async () => {
        const show = deps.hooks?.showInFolder;
        if (!show || !lastSaved) return { shown: false };
        await show(lastSaved);
        return { shown: true };
      },
    },
    download: (id) => downloads.get(id) ?? null,
    finishDownload,
    importFile,
  };

  async function finishDownload(id: string): Promise<void> {
    const waiting = downloads.get(id);
    downloads.delete(id);
    if (waiting) await rm(waiting.path, { force: true });
  }
}
