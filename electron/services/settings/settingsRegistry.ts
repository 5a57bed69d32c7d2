import { z } from 'zod';
import { BackupKeepSchema } from '../../../shared/contract/backup';
import { OFFICE_SETTING_KEYS, OFFICE_SETTINGS, ProfileSchema, WebUrlSchema } from '../../../shared/domain';

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
]);
