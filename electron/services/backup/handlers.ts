import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HandlersOf } from '../../../shared/contract';
import type { backupChannels } from '../../../shared/contract/backup';
import { PressdeskError } from '../../../shared/errors';
import type { SettingsStore } from '../settings/settingsStore';
import { BACKUP_DIR, listBackupInfos, restoreIntoOpenDatabase, rotateBackup, type BackupInfo } from './backupService';

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
      const keep = deps.settings.get('backup.keep', 10);
      const file = await rotateBackup(deps.db, deps.dataDir, typeof keep === 'number' ? keep : 10, 'manual', now());
      return find(basename(file));
    },
    'backup.restore': async ({ name }) => {
      const restored = await find(name);
      const { previous } = await restoreIntoOpenDatabase(
        deps.db,
        deps.dataDir,
        join(deps.dataDir, BACKUP_DIR, name),
        now(),
      );
      return { restored, previous: await find(basename(previous)) };
    },
  };
}
