import type { HandlersOf } from '../../../shared/contract';
import type { logChannels } from '../../../shared/contract/log';
import { PressdeskError } from '../../../shared/errors';
import type { ReleaseRepository } from '../releases/releaseRepository';
import type { SettingsStore } from '../settings/settingsStore';

/** The log channels: a release's entries, and the profile they name. */
export function logHandlers(releases: ReleaseRepository, settings: SettingsStore): HandlersOf<typeof logChannels> {
  return {
    'log.list': ({ id, kinds }) => {
      const items = releases.log.list(id, kinds);
      // A release that exists but has no entry yet (made before the log existed) has an empty log.
      if (items.length === 0 && !releases.find(id) && releases.log.list(id).length === 0) {
        throw new PressdeskError('NOT_FOUND', `No release with id ${id}.`, { id });
      }
      return { items };
    },
    'profile.get': () => ({ profile: settings.profile() }),
    'profile.set': (profile) => ({ profile: settings.setProfile(profile) }),
  };
}
