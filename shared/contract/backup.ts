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

/** How many automatic backups are kept when no other number was chosen. */
export const DEFAULT_BACKUP_KEEP = 10;

/** How many automatic backups are kept: the oldest beyond this number are deleted at the next one. */
export const BackupKeepSchema = z.number().int().min(1).max(100);

export const BackupSettingsSchema = z.object({ keep: BackupKeepSchema }).strict();

export type BackupSettings = z.infer<typeof BackupSettingsSchema>;

/**
 * What a restore or an archive import left out because it did not pass the
 * checks every import passes: short names such as `trigger:name`, `view:name`,
 * `table:name`, `release:<id>:INVALID_DOCUMENT`, `asset:<id>:sha256`,
 * `setting:export.baseUrl`, `revision:<id>@<version>`; at most 200 are named.
 */
export const DroppedSchema = z.array(z.string().max(300)).max(200);

/** Channels of backups kept in the data directory. */
export const backupChannels = {
  /** The backups in the data directory's backup folder, newest first. */
  'backup.list': channel(z.object({}).strict(), z.object({ items: z.array(BackupSchema) })),
  /** A consistent copy of the database now (safe while editing), kept with the automatic ones. */
  'backup.create': channel(z.object({}).strict(), BackupSchema),
  /**
   * Replaces the current data with a backup while the app runs. The current
   * state is backed up first (returned as `previous`). The backup's rows are
   * copied through the checks of an import; what did not pass is named in
   * `dropped` (and counted in `droppedCount`). Fails with NOT_FOUND,
   * DB_CORRUPT or DB_TOO_NEW and then changes nothing.
   */
  'backup.restore': channel(
    z.object({ name: BackupNameSchema }).strict(),
    z.object({
      restored: BackupSchema,
      previous: BackupSchema,
      dropped: DroppedSchema.optional(),
      droppedCount: z.number().int().nonnegative().optional(),
    }),
  ),
  /** The backup settings: how many automatic backups are kept. */
  'backup.settings': channel(z.object({}).strict(), BackupSettingsSchema),
  /**
   * Stores the backup settings; the next automatic backup keeps the newest
   * `keep` (1 to 100, else INVALID_INPUT and nothing changes).
   */
  'backup.setSettings': channel(BackupSettingsSchema, BackupSettingsSchema),
} as const satisfies Record<string, Channel>;

const ArchiveCountsSchema = {
  bytes: z.number().int().nonnegative(),
  /** Releases and stored images in the archive. */
  releases: z.number().int().nonnegative(),
  assets: z.number().int().nonnegative(),
};

/** An archive download waiting in web mode: its id for `GET /full-backup/download/<id>`. */
export const ArchiveDownloadIdSchema = z.string().regex(/^[0-9a-f-]{36}$/);

export const FullBackupExportResultSchema = z.discriminatedUnion('status', [
  /** The app wrote the archive where the save dialog said (only its file name crosses). */
  z.object({ status: z.literal('saved'), fileName: z.string().min(1), ...ArchiveCountsSchema }),
  /** Web mode: the archive waits as a download (fetched once, then deleted). */
  z.object({
    status: z.literal('download'),
    download: ArchiveDownloadIdSchema,
    fileName: z.string().min(1),
    ...ArchiveCountsSchema,
  }),
  z.object({ status: z.literal('cancelled') }),
]);

export const FullBackupImportResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('imported'),
    /** The state the import replaced, kept as a backup. */
    previous: BackupSchema,
    releases: z.number().int().nonnegative(),
    assets: z.number().int().nonnegative(),
    /** Image originals that were not in this data directory yet. */
    addedImages: z.number().int().nonnegative(),
    /** What did not pass the checks and was left out (see `DroppedSchema`). */
    dropped: DroppedSchema.optional(),
    droppedCount: z.number().int().nonnegative().optional(),
  }),
  z.object({ status: z.literal('cancelled') }),
]);

export type FullBackupExportResult = z.infer<typeof FullBackupExportResultSchema>;
export type FullBackupImportResult = z.infer<typeof FullBackupImportResultSchema>;

/** Channels of the portable full backup (database and every image original). */
export const fullBackupChannels = {
  /**
   * Writes the full backup. In the app the main process asks for the target
   * with a save dialog; in web mode the archive waits as a download.
   * Fails with ARCHIVE_TOO_LARGE (more than a restore accepts), ASSET_CORRUPT,
   * FILE_UNREADABLE, DISK_FULL or DATA_DIR_NOT_WRITABLE and then leaves
   * nothing behind.
   */
  'backup.exportFullBackup': channel(z.object({}).strict(), FullBackupExportResultSchema),
  /**
   * Replaces the current data with a full backup chosen in the app's open
   * dialog, while the app runs (web mode uploads to `POST /full-backup/import`
   * instead). The archive is checked whole first; the current state is backed
   * up (`previous`). Rows and image originals that do not pass the checks of
   * an import are left out and named in `dropped`. Fails with
   * ARCHIVE_INVALID, ARCHIVE_UNSUPPORTED, ARCHIVE_TOO_LARGE, DISK_FULL,
   * DB_CORRUPT or DB_TOO_NEW and then changes nothing.
   */
  'backup.importFullBackup': channel(z.object({}).strict(), FullBackupImportResultSchema),
  /** Shows the archive written last in the system's file manager (the app only). */
  'backup.revealFullBackup': channel(z.object({}).strict(), z.object({ shown: z.boolean() })),
} as const satisfies Record<string, Channel>;
