import { migration0001 } from './0001_init';
import { migration0002 } from './0002_compose';
import { migration0003 } from './0003_archive_search';
import { migration0004 } from './0004_assets';
import { migration0005 } from './0005_search_media';
import { migration0006 } from './0006_related_releases';
import { migration0007 } from './0007_deferred_search_index';
import { migration0008 } from './0008_search_index_live';
import { migration0009 } from './0009_release_number';
import { migration0010 } from './0010_templates';
import { migration0011 } from './0011_press_list';
import { migration0012 } from './0012_release_log';
import { migration0013 } from './0013_mailings';
import { migration0014 } from './0014_mailing_paused';
import { migration0015 } from './0015_approvals';
import { migration0016 } from './0016_comments';
import { migration0017 } from './0017_release_quotes';
import { migration0018 } from './0018_team';
import { migration0019 } from './0019_search_tiers';
import { migration0020 } from './0020_search_words';
import type { Migration } from './types';

export type { Migration } from './types';

/** All migrations, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
  migration0017,
  migration0018,
  migration0019,
  migration0020,
];

/** The newest schema version. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
