import { z } from 'zod';
import { channel, type Channel } from './channel';

/** A settings key, e.g. `office.name` (`settings.list` names every one). */
export const SettingKeySchema = z.string().min(1).max(100);

/** One setting: its key and its value; null while it has none. */
export const SettingSchema = z.object({ key: z.string(), value: z.string().nullable() });

export type Setting = z.infer<typeof SettingSchema>;

/** Channels of the workstation's settings: the press office that issues the releases. */
export const settingsChannels = {
  /** Every setting with its value (null while unset), in a fixed order. */
  'settings.list': channel(z.object({}).strict(), z.object({ items: z.array(SettingSchema) })),
  /** One setting; SETTING_UNKNOWN for a key Pressdesk does not know. */
  'settings.get': channel(z.object({ key: SettingKeySchema }).strict(), SettingSchema),
  /**
   * Stores one setting; an empty value clears it. A value that does not fit
   * its key is refused with SETTING_INVALID (`office.logo` must name an image
   * of the media library) and nothing is stored.
   */
  'settings.set': channel(z.object({ key: SettingKeySchema, value: z.string().max(20_000) }).strict(), SettingSchema),
} as const satisfies Record<string, Channel>;
