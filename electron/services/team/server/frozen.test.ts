import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_MIGRATIONS } from './migrations';

/*
 * A shipped server migration never changes: team servers out there were
 * built by it. Each migration's statements are compared with the checksum
 * committed when it shipped (frozen.json); a new migration adds its line.
 */
const frozen = JSON.parse(readFileSync(join(__dirname, 'frozen.json'), 'utf8')) as Record<
  string,
  { name: string; sha256: string }
>;

describe('frozen server migrations', () => {
  it('every server migration has the SQL it shipped with, numbered from 1 without gaps', () => {
    for (const m of SERVER_MIGRATIONS) {
      const sha256 = createHash('sha256').update(JSON.stringify(m.statements)).digest('hex');
      expect({ name: m.name, sha256 }, `server migration ${m.version} changed`).toEqual(frozen[String(m.version)]);
    }
    expect(Object.keys(frozen).map(Number)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
    expect(SERVER_MIGRATIONS.map((m) => m.version)).toEqual(SERVER_MIGRATIONS.map((_, i) => i + 1));
  });
});
