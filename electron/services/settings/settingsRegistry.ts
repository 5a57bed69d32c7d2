import { z } from 'zod';
import { BackupKeepSchema } from '../../../shared/contract/backup';
import {
  APPROVAL_SETTING_KEYS,
  APPROVAL_SETTINGS,
  MAIL_SETTING_KEYS,
  MAIL_SETTINGS,
  OFFICE_SETTING_KEYS,
  OFFICE_SETTINGS,
  ProfileSchema,
  WebUrlSchema,
  type MailSettingKey,
} from '../../../shared/domain';

export interface SettingSpec {
  /** What a stored value must be. */
  readonly schema: z.ZodType;
  /**
   * Whether a restored backup or full backup may bring this setting: only
   * those a user can set in the app. The others decide where exports point
   * and who they name, so a file from elsewhere must never change them; the
   * workstation keeps its own value.
   */
  readonly fromBackup: boolean;
}

/** The mail settings a backup may bring. */
const MAIL_FROM_BACKUP: ReadonlySet<MailSettingKey> = new Set<MailSettingKey>(['mail.rate']);

/** Every setting Pressdesk stores in `app_settings`, by key. */
export const SETTINGS: ReadonlyMap<string, SettingSpec> = new Map<string, SettingSpec>([
  ['backup.keep', { schema: BackupKeepSchema, fromBackup: true }],
  // Who works at this workstation: a backup from another one must not change it.
  ['profile', { schema: ProfileSchema, fromBackup: false }],
  ['export.baseUrl', { schema: WebUrlSchema, fromBackup: false }],
  [
    'export.office',
    {
      schema: z
        .object({
          name: z.string().max(300).optional(),
          url: WebUrlSchema.optional(),
          logoUrl: WebUrlSchema.optional(),
        })
        .strict(),
      fromBackup: false,
    },
  ],
  // The press office decides who every export names, so a backup never brings it either.
  ...OFFICE_SETTING_KEYS.map((key): [string, SettingSpec] => [
    key,
    { schema: OFFICE_SETTINGS[key], fromBackup: false },
  ]),
  // The server, the account and the sender decide where the password (from the keychain or the
  // environment) and the press list's addresses go: a backup never brings them. The rate may come along.
  // The office's approval rules: a backup from elsewhere must not weaken them.
  ...APPROVAL_SETTING_KEYS.map((key): [string, SettingSpec] => [
    key,
    { schema: APPROVAL_SETTINGS[key], fromBackup: false },
  ]),
  ...MAIL_SETTING_KEYS.map((key): [string, SettingSpec] => [
    key,
    { schema: MAIL_SETTINGS[key], fromBackup: MAIL_FROM_BACKUP.has(key) },
  ]),
]);
