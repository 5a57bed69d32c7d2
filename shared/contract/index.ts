import { z } from 'zod';
import {
  ReleaseFieldsSchema,
  ReleaseIdSchema,
  ReleasePatchSchema,
  ReleaseSchema,
  ReleaseSummarySchema,
} from '../domain/release';
import { channel, type Channel } from './channel';

export type { Channel } from './channel';

const IdInput = z.object({ id: ReleaseIdSchema }).strict();

/**
 * The one contract between the UI and the engine. Electron's main process, the
 * web host and the CLI bind their handlers by iterating over it; the renderer's
 * client is typed from it. Inputs are parsed before a handler runs.
 */
export const contract = {
  /** Version of the engine and where its data lives. */
  'app.info': channel(
    z.object({}).strict(),
    z.object({
      version: z.string(),
      schemaVersion: z.number().int(),
      dataDir: z.string(),
      host: z.enum(['electron', 'web', 'cli']),
    }),
  ),
  /** Releases, newest first (by publication date, else last change). `trash: true` lists the trash. */
  'releases.list': channel(
    z
      .object({
        limit: z.number().int().min(1).max(100_000).optional(),
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
   * and nothing is written.
   */
  'releases.save': channel(
    z
      .object({
        id: ReleaseIdSchema,
        baseVersion: z.number().int().positive(),
        fields: ReleasePatchSchema.strict(),
      })
      .strict(),
    ReleaseSchema,
  ),
  /** Moves a release to the trash. */
  'releases.trash': channel(IdInput, ReleaseSchema),
  /** Brings a release back from the trash. */
  'releases.restore': channel(IdInput, ReleaseSchema),
  /** The topics in use, most used first, for the topic picker. */
  'releases.topics': channel(z.object({}).strict(), z.array(z.object({ topic: z.string(), count: z.number().int() }))),
} as const satisfies Record<string, Channel>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What an engine provides: one async handler per channel, receiving parsed input. */
export type Handlers = {
  [K in ChannelName]: (input: ChannelParsedInput<K>) => Promise<ChannelOutput<K>> | ChannelOutput<K>;
};

/** What crosses the wire for every call: a value or a typed error. */
export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { code: string; message: string; details?: unknown } };

export { IPC_PREFIX } from './ipc';
