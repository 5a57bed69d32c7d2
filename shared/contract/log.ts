import { z } from 'zod';
import { LogEntrySchema, LogKindSchema, ProfileSchema, ReleaseIdSchema } from '../domain';
import { channel, type Channel } from './channel';

/** Channels of the release log and of the profile every entry names. There is no channel that changes an entry. */
export const logChannels = {
  /**
   * A release's log, oldest first: every save, status change, import,
   * export and trip to the trash, with who and when. Only the given kinds
   * when `kinds` names some. The log of a release deleted for good stays
   * readable; an id that never had an entry fails with NOT_FOUND.
   */
  'log.list': channel(
    z.object({ id: ReleaseIdSchema, kinds: z.array(LogKindSchema).max(50).optional() }).strict(),
    z.object({ items: z.array(LogEntrySchema) }),
  ),
  /** The profile of the person working here; null until one was given (the app asks at first start). */
  'profile.get': channel(z.object({}).strict(), z.object({ profile: ProfileSchema.nullable() })),
  /**
   * Stores the profile; PROFILE_INVALID (a name is needed, an e-mail address
   * must be one) and nothing changes otherwise.
   */
  'profile.set': channel(
    z
      .object({
        name: z.string().max(1000),
        function: z.string().max(1000).optional(),
        email: z.string().max(1000).optional(),
        initials: z.string().max(1000).optional(),
      })
      .strict(),
    z.object({ profile: ProfileSchema }),
  ),
} as const satisfies Record<string, Channel>;
