import { z } from 'zod';
import { channel, type Channel } from './channel';

/** Channels about the engine itself. */
export const appChannels = {
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
} as const satisfies Record<string, Channel>;
