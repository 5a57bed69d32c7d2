import { z } from 'zod';
import {
  ReleaseFieldsSchema,
  ReleaseIdSchema,
  ReleasePatchSchema,
  ReleaseSchema,
  ReleaseSummarySchema,
} from '../domain/release';
import { channel, type Channel } from './channel';

const IdInput = z.object({ id: ReleaseIdSchema }).strict();

/** The most releases one listing answers with (without a limit: all). */
export const RELEASE_LIST_LIMIT_MAX = 100_000;

/** Channels of the release aggregate. */
export const releaseChannels = {
  /** Releases, newest first (by publication date, else last change). `trash: true` lists the trash. */
  'releases.list': channel(
    z
      .object({
        limit: z.number().int().min(1).max(RELEASE_LIST_LIMIT_MAX).optional(),
        offset: z.number().int().min(0).optional(),
        trash: z.boolean().optional(),
      })
      .strict(),
    z.object({ items: z.array(ReleaseSummarySchema), total: z.number().int() }),
  ),
  /** One release with its body. Fails with NOT_FOUND. */
  'releases.get': channel(IdInput, ReleaseSchema),
  /** A new release; unset fields take their defaults (German draft, empty body). */
  'releases.create': channel(ReleaseFieldsSchema.partial().strict(), ReleaseSchema),
  /**
   * Saves changed fields of a release. `baseVersion` is the version the editor
   * started from; if the stored release is newer the save fails with CONFLICT
   * and nothing is written. Every save is durable when it answers; it is kept
   * as a revision when `checkpoint` is true (an explicit save), when the
   * status changes, or when the newest revision is over ten minutes old.
   */
  'releases.save': channel(
    z
      .object({
        id: ReleaseIdSchema,
        baseVersion: z.number().int().positive(),
        fields: ReleasePatchSchema.strict(),
        checkpoint: z.boolean().optional(),
      })
      .strict(),
    ReleaseSchema,
  ),
  /** Moves a release to the trash. */
  'releases.trash': channel(IdInput, ReleaseSchema),
  /** Brings a release back from the trash. */
  'releases.restore': channel(IdInput, ReleaseSchema),
  /**
   * Deletes a release in the trash for good, with its revisions. Fails with
   * NOT_IN_TRASH for a release outside the trash, NOT_FOUND for an unknown id.
   */
  'releases.purge': channel(IdInput, z.object({ id: ReleaseIdSchema }).strict()),
  /** The topics in use, most used first, for the topic picker. */
  'releases.topics': channel(z.object({}).strict(), z.array(z.object({ topic: z.string(), count: z.number().int() }))),
} as const satisfies Record<string, Channel>;
