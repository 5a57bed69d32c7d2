import { z } from 'zod';
import { LanguageTagSchema } from '../domain/release';
import { channel, type Channel } from './channel';
import { EXPORT_TARGETS } from './export';

/** Languages of the interface (German first). */
export const UiLanguageSchema = z.enum(['de', 'en']);

/** Channels about the engine itself and the window it serves. */
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
  /**
   * The interface language changed (or was chosen at start). The Electron app
   * rebuilds its menus in it; `applied` is false where the host has no menus
   * (web mode, CLI), which acknowledge it and do nothing else.
   */
  'app.setUiLanguage': channel(
    z.object({ language: UiLanguageSchema }).strict(),
    z.object({ language: UiLanguageSchema, applied: z.boolean() }),
  ),
  /**
   * The language of the release being edited (a BCP 47 tag). The Electron app
   * orders its spell-checker dictionaries by it and answers with them; web mode
   * and the CLI leave spelling to the browser and answer with none.
   */
  'app.setSpellcheckLanguage': channel(
    z.object({ language: LanguageTagSchema }).strict(),
    z.object({ languages: z.array(z.string()), applied: z.boolean() }),
  ),
} as const satisfies Record<string, Channel>;
