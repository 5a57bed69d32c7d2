import { z } from 'zod';
import { channel, type Channel } from './channel';

/** A backup file's name in the data directory's backup folder (never a path). */
export const BackupNameSchema = z
  .string()
  .regex(/^pressdesk-[a-z]+(?:-[a-z]+)*-\d{8}T\d{9}Z\.db$/, 'not the name of a Pressdesk backup');

export const BackupKindSchema = z.enum(['auto', 'manual', 'before-restore', 'damaged']);

export const BackupSchema = z.object({
  name: BackupNameSchema,
  /** auto: made at start and every four hours; manual: "Back up now"; before-restore: the state a restore replaced. */
  kind: BackupKindSchema,
  bytes: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
});

export type Backup = z.infer<typeof BackupSchema>;

/** Channels of backups kept in the data directory. */
export const backupChannels = {
  /** The backups in the data directory's backup folder, newest first. */
  'backup.list': channel(z.object({}).strict(), z.object({ items: z.array(BackupSchema) })),
  /** A consistent copy of the database now (safe while editing), kept with the automatic ones. */
  'backup.create': channel(z.object({}).strict(), BackupSchema),
  /**
   * Replaces the current data with a backup while the app runs. The current
   * state is backed up first (returned as `previous`). Fails with NOT_FOUND,
   * DB_CORRUPT or DB_TOO_NEW and then changes nothing.
   */
  'backup.restore': channel(
    z.object({ name: BackupNameSchema }).strict(),
    z.object({ restored: BackupSchema, previous: BackupSchema }),
  ),
} as const satisfies Record<string, Channel>;
