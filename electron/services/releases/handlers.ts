import type { HandlersOf } from '../../../shared/contract';
import type { releaseChannels } from '../../../shared/contract/releases';
import type { ReleaseFields } from '../../../shared/domain';
import type { ReleaseRepository } from './releaseRepository';
import { PressdeskError } from '../../../shared/errors';

/**
 * The release channels, served by the repository. `defaults` are the
 * office's press contact and boilerplate, prefilled in a new release that
 * does not bring its own.
 */
export function releaseHandlers(
  releases: ReleaseRepository,
  defaults: () => Partial<Pick<ReleaseFields, 'pressContact' | 'boilerplate'>> = () => ({}),
): HandlersOf<typeof releaseChannels> {
  return {
    'releases.list': (input) => releases.list(input),
    'releases.get': ({ id }) => releases.get(id),
    // The release number is the engine's: a new release gets one when it is first published.
    'releases.create': (input) => {
      // Approved or published only with an approval on record: a new release starts before that.
      if (input.status === 'approved' || input.status === 'published') {
        throw new PressdeskError('APPROVAL_REQUIRED', 'A new release cannot start approved or published.', {
          to: input.status,
          reason: 'not-approved',
        });
      }
      return releases.create({ ...defaults(), ...stripUndefined(input), releaseNumber: '' });
    },
    'releases.save': ({ id, baseVersion, fields, checkpoint }) =>
      releases.save(id, baseVersion, fields, { checkpoint }),
    'releases.trash': ({ id }) => releases.trash(id),
    'releases.restore': ({ id }) => releases.restore(id),
    'releases.purge': ({ id }) => releases.purge(id),
    'releases.topics': () => releases.topics(),
  };
}

function stripUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
