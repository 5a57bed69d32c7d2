import { migration0001 } from './0001_init';
import { migration0002 } from './0002_compose';
import type { Migration } from './types';

export type { Migration } from './types';

/** All migrations, in order. Append only; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002];

export const SCHEMA_VERSION = MIGRATIONS.length;
