import { migration0001 } from './0001_init';
import { migration0003 } from './0003_archive_search';
import type { Migration } from './types';

export type { Migration } from './types';

/** All migrations, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0003];

/** The newest schema version (versions are numbered per area, so there may be gaps while branches merge). */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
