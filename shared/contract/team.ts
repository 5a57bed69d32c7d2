import { z } from 'zod';
import { ReleaseIdSchema, ReleaseSchema } from '../domain';
import { channel, type Channel } from './channel';

export const TEAM_ROLE_NAMES = ['author', 'reviewer', 'approver', 'admin'] as const;

export const TeamStatusSchema = z.object({
  /** Whether this data directory is joined to a team. */
  connected: z.boolean(),
  /** The server's address, without user or password. */
  url: z.string().nullable(),
  user: z.string().nullable(),
  role: z.enum(TEAM_ROLE_NAMES).nullable(),
  /** Releases written here that the server does not have yet. */
  pending: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  lastSync: z.iso.datetime().nullable(),
});
export type TeamStatusView = z.infer<typeof TeamStatusSchema>;

export const TeamSyncResultSchema = z.object({
  pushed: z.number().int().nonnegative(),
  pulled: z.number().int().nonnegative(),
  conflicts: z.array(z.object({ id: z.string(), headline: z.string() })),
  assetsUp: z.number().int().nonnegative(),
  assetsDown: z.number().int().nonnegative(),
  /** Templates, snippets and office settings sent and taken; sent over a colleague's newer version. */
  itemsPushed: z.number().int().nonnegative(),
  itemsPulled: z.number().int().nonnegative(),
  itemsOverwritten: z.number().int().nonnegative(),
  refused: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })),
});

const PasswordSchema = z.string().min(1).max(1000);

export const TeamLiveEventSchema = z.object({
  status: TeamStatusSchema,
  /** Whether the server answers now. */
  online: z.boolean(),
  /** How many releases the last sync brought from colleagues. */
  pulled: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  /** The code of the last failure while offline, or null. */
  error: z.string().nullable(),
});

export const TeamEditorSchema = z.object({
  releaseId: z.string(),
  user: z.string(),
  name: z.string(),
  since: z.iso.datetime(),
});

/**
 * Team mode: join a team server (PostgreSQL), sync with it, and resolve
 * conflicts. The password is never stored by the engine; the app keeps it in
 * the system's keychain, the CLI reads it from PRESSDESK_TEAM_PASSWORD.
 */
export const teamChannels = {
  'team.status': channel(z.object({}).strict(), TeamStatusSchema),
  'team.connect': channel(
    z
      .object({
        url: z.string().min(1).max(2000),
        user: z.string().min(1).max(63).optional(),
        password: PasswordSchema.optional(),
      })
      .strict(),
    TeamStatusSchema,
  ),
  'team.disconnect': channel(z.object({}).strict(), TeamStatusSchema),
  'team.sync': channel(z.object({ password: PasswordSchema.optional() }).strict(), TeamSyncResultSchema),
  /** Both sides of a conflict: the release here and the server's copy (a pressdesk.release/1 record). */
  'team.conflict': channel(
    z.object({ id: ReleaseIdSchema }).strict(),
    z.object({
      id: z.string(),
      local: ReleaseSchema,
      server: z.object({
        version: z.number().int().positive(),
        updatedBy: z.string(),
        record: z.record(z.string(), z.unknown()),
      }),
    }),
  ),
  /** `mine` keeps the text here and sends it over the server's on the next sync; `theirs` takes the server's. */
  'team.resolve': channel(
    z.object({ id: ReleaseIdSchema, choice: z.enum(['mine', 'theirs']) }).strict(),
    TeamStatusSchema,
  ),
  /** Who else works on releases now (all, or the ones named): „Anna Weber bearbeitet diese Meldung“. */
  'team.editors': channel(
    z.object({ ids: z.array(ReleaseIdSchema).max(500).optional() }).strict(),
    z.object({ online: z.boolean(), items: z.array(TeamEditorSchema) }),
  ),
  /** Which colleagues are connected now (Settings → Team: „Gerade online“); empty while offline. */
  'team.online': channel(
    z.object({}).strict(),
    z.object({
      online: z.boolean(),
      items: z.array(z.object({ user: z.string(), name: z.string(), since: z.iso.datetime() })),
    }),
  ),
  /** Tells the team which release this officer has open (null: none); advisory, it never blocks. */
  'team.setEditing': channel(z.object({ id: ReleaseIdSchema.nullable() }).strict(), z.object({ ok: z.literal(true) })),
} as const satisfies Record<string, Channel>;
