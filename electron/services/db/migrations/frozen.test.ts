import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { FACET_TRIGGERS, QUOTE_TRIGGERS, SEARCH_TRIGGERS } from '../searchIndex';
import { MIGRATIONS } from '.';

/*
 * A shipped migration never changes: databases out there were built by it,
 * and a new database must end up exactly like an upgraded one. Each
 * migration's statements are compared with the checksum committed when it
 * shipped (frozen.json); a new migration adds its line there once.
 */

const frozen = JSON.parse(readFileSync(join(__dirname, 'frozen.json'), 'utf8')) as Record<
  string,
  { name: string; sha256: string }
>;

function checksum(statements: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(statements)).digest('hex');
}

describe('frozen migrations', () => {
  it('every migration has the SQL it shipped with', () => {
    for (const m of MIGRATIONS) {
      const shipped = frozen[String(m.version)];
      expect(shipped, `migration ${m.version} is not in frozen.json`).toBeDefined();
      expect({ name: m.name, sha256: checksum(m.statements) }, `migration ${m.version} changed`).toEqual(shipped);
    }
    expect(Object.keys(frozen).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('no migration file imports live code', () => {
    const files = readdirSync(__dirname).filter((f) => /^\d{4}_.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(files).toHaveLength(MIGRATIONS.length);
    for (const file of files) {
      const imports = [...readFileSync(join(__dirname, file), 'utf8').matchAll(/^import [^;]*from '([^']+)'/gm)].map(
        (m) => m[1],
      );
      expect(imports, file).toEqual(['./types']);
    }
  });

  it('a new database has exactly the live search triggers', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS);
      const rows = db
        .prepare<[], { name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> 'release_log'
             AND name NOT LIKE 'team_queue_%' ORDER BY name`,
        )
        .all();
      // When this fails, the live index SQL (search or quote index) changed: ship it as a new migration (and reindex).
      expect(Object.fromEntries(rows.map((r) => [r.name, r.sql]))).toEqual({
        ...SEARCH_TRIGGERS,
        ...QUOTE_TRIGGERS,
        ...FACET_TRIGGERS,
      });
    } finally {
      db.close();
    }
  });
});
