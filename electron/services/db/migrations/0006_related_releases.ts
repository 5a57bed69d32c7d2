import type { Migration } from './types';

/** Related releases (Weitere Meldungen): other releases of the archive a release shows as teaser cards. */
export const migration0006: Migration = {
  version: 6,
  name: 'related_releases',
  statements: [`ALTER TABLE releases ADD COLUMN related_release_ids_json TEXT NOT NULL DEFAULT '[]'`],
};
