import type { HandlersOf } from '../../../shared/contract';
import type { settingsChannels } from '../../../shared/contract/settings';
import {
  APPROVAL_SETTING_KEYS,
  isApprovalSettingKey,
  isMailSettingKey,
  isOfficeSettingKey,
  MAIL_SETTING_KEYS,
  OFFICE_SETTING_KEYS,
} from '../../../shared/domain';
import { PressdeskError } from '../../../shared/errors';
import type { AssetStore } from '../assets/assetStore';
import type { SettingsStore } from './settingsStore';

/** The settings channels: the press office, key by key. */
export function settingsHandlers(
  settings: SettingsStore,
  assets: Pick<AssetStore, 'find'>,
): HandlersOf<typeof settingsChannels> {
  const keys = [...OFFICE_SETTING_KEYS, ...MAIL_SETTING_KEYS, ...APPROVAL_SETTING_KEYS];
  const known = (key: string) => {
    if (!isOfficeSettingKey(key) && !isMailSettingKey(key) && !isApprovalSettingKey(key)) {
      throw new PressdeskError('SETTING_UNKNOWN', `There is no setting "${key}".`, { key, known: keys });
    }
    return key;
  };
  return {
    'settings.list': () => ({
      items: keys.map((key) => ({ key, value: settings.knownValue(key) ?? null })),
    }),
    'settings.get': ({ key }) => ({ key, value: settings.knownValue(known(key)) ?? null }),
    'settings.set': ({ key, value }) => {
      const checked = known(key);
      if (isApprovalSettingKey(checked)) return { key, value: settings.setApproval(checked, value) };
      if (isMailSettingKey(checked)) return { key, value: settings.setMail(checked, value) ?? null };
      // The logo must be an image of the media library: a page never points at a missing file.
      if (checked === 'office.logo' && value.trim() !== '' && !assets.find(value.trim())) {
        throw new PressdeskError('SETTING_INVALID', `The image ${value.trim()} is not in the media library.`, {
          key,
          assetId: value.trim(),
        });
      }
      return { key, value: settings.setOffice(checked, value) ?? null };
    },
  };
}
