import type { HandlersOf } from '../../../shared/contract';
import type { releaseChannels } from '../../../shared/contract/releases';
import type { ReleaseRepository } from './releaseRepository';

/** The release channels, served by the repository. */
export function releaseHandlers(releases: ReleaseRepository): HandlersOf<typeof releaseChannels> {
  return {
    'releases.list': (input) => releases.list(input),
    'releases.get': ({ id }) => releases.get(id),
    'releases.create': (input) => releases.create(input),
    'releases.save': ({ id, baseVersion, fields, checkpoint }) =>
      releases.save(id, baseVersion, fields, { checkpoint }),
    'releases.trash': ({ id }) => releases.trash(id),
    'releases.restore': ({ id }) => releases.restore(id),
    'releases.purge': ({ id }) => releases.purge(id),
    'releases.topics': () => releases.topics(),
  };
}
