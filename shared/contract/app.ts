import { z } from 'zod';
import { channel, type Channel } from './channel';
import { EXPORT_TARGETS } from './export';

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
      /** Where `export.start` can put a bundle on this host (`download` everywhere; `folder`/`zip` where the host can ask). */
      exportTargets: z.array(z.enum(EXPORT_TARGETS)),
    }),
  ),
} as const satisfies Record<string, Channel>;
