import { readdirSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressdeskError } from '../../../shared/errors';
import type { ExportFs } from '../export/bundle';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { writeReleasePdf } from './writePdf';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli' });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof PressdeskError ? e.code : String(e)),
  );

describe('writeReleasePdf', () => {
  it('leaves nothing behind when the disk fills up or the export is cancelled', async () => {
    const { releases, assets, settings } = engineInternals(ws);
    const deps = { releases, assets, settings };
    const id = releases.create({ headline: 'Volle Platte' }).id;
    const out = join(tmp.dir, 'out');
    await fsp.mkdir(out);
    const full: ExportFs = {
      mkdir: (p, o) => fsp.mkdir(p, o),
      writeFile: async (p, d) => {
        await fsp.writeFile(p, typeof d === 'string' ? d : d.subarray(0, 100));
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
      rename: (a, b) => fsp.rename(a, b),
    };
    expect(await codeOf(writeReleasePdf(deps, id, { out: join(out, 'a.pdf'), fs: full }))).toBe('DISK_FULL');
    const cancel = new AbortController();
    cancel.abort();
    expect(await codeOf(writeReleasePdf(deps, id, { out: join(out, 'b.pdf'), signal: cancel.signal }))).toBe(
      'CANCELLED',
    );
    expect(readdirSync(out)).toEqual([]);
    // A file is replaced only when asked, a folder never.
    writeFileSync(join(out, 'c.pdf'), 'old');
    expect(await codeOf(writeReleasePdf(deps, id, { out: join(out, 'c.pdf') }))).toBe('EXPORT_TARGET_EXISTS');
    expect(await codeOf(writeReleasePdf(deps, id, { out: join(out, 'c.pdf'), replaceFile: true }))).toBe('ok');
    await fsp.mkdir(join(out, 'd.pdf'));
    expect(await codeOf(writeReleasePdf(deps, id, { out: join(out, 'd.pdf'), replaceFile: true }))).toBe(
      'EXPORT_TARGET_EXISTS',
    );
    expect(readdirSync(out).sort()).toEqual(['c.pdf', 'd.pdf']);
  });
});
