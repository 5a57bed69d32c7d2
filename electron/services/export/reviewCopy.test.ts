import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { DocumentNode } from '../../../shared/document';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { buildReviewCopy, reviewCopyHandlers, writeReviewCopy } from './reviewCopy';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const NOW = new Date('2026-05-04T07:30:00.000Z');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => NOW });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const body: DocumentNode = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'Die Stadt baut Radwege.' }] },
    {
      type: 'quote',
      attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Ein guter Tag.“' }] }],
    },
  ],
};

interface Copy {
  fileName: string;
  bytes: Uint8Array;
  format: string;
  version: number;
  quotes: number;
  pages?: number;
}

/** One channel through the contract (input checked, failures as codes). */
async function call<T>(handlers: Workstation['handlers'], name: string, input: unknown): Promise<T> {
  const envelope = (await dispatch(handlers, name, input)) as unknown as {
    ok: boolean;
    value?: T;
    error?: { code: string };
  };
  if (!envelope.ok) throw Object.assign(new Error(envelope.error?.code), { code: envelope.error?.code });
  return envelope.value as T;
}

async function exportedFormats(id: string): Promise<string[]> {
  const { items } = await call<{ items: { detail: Record<string, unknown> }[] }>(ws.handlers, 'log.list', {
    id,
    kinds: ['exported'],
  });
  return items.map((e) => `${String(e.detail.format)}:${String(e.detail.target)}`);
}

function pdfText(bytes: Uint8Array): string {
  const file = join(tmp.dir, 'copy.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('export.reviewCopy', () => {
  it('answers with the PDF or the Word file and logs review-pdf / review-docx downloads', async () => {
    const { releases } = engineInternals(ws);
    const release = releases.create({ headline: 'Radwege', language: 'de', body });
    const pdf = await call<Copy>(ws.handlers, 'export.reviewCopy', { id: release.id, format: 'pdf' });
    expect(pdf).toMatchObject({ format: 'pdf', version: 1, quotes: 1, pages: 2 });
    expect(pdf.fileName).toMatch(/^radwege-.*-entwurf-v1\.pdf$/);
    const text = pdfText(pdf.bytes);
    // The moment of the copy in Berlin time (summer time in May).
    expect(text).toContain('Fassung 1 · Stand: 4. Mai 2026, 09:30 Uhr (MESZ)');

    const docx = await call<Copy>(ws.handlers, 'export.reviewCopy', { id: release.id, format: 'docx' });
    expect(docx.pages).toBeUndefined();
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx.bytes) });
    expect(value).toContain('Zitate zur Freigabe');

    await expect(call(ws.handlers, 'export.reviewCopy', { id: release.id, format: 'html' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(call(ws.handlers, 'export.reviewCopy', { id: 'nope', format: 'pdf' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await exportedFormats(release.id)).toEqual(['review-pdf:download', 'review-docx:download']);
  });

  it('takes the quotes with their states from the register it is given', async () => {
    const { releases, assets, settings } = engineInternals(ws);
    const release = releases.create({ headline: 'Radwege', language: 'de', body });
    const deps = {
      releases,
      assets,
      settings,
      now: () => NOW,
      quotes: () => [
        {
          id: 'r1',
          speaker: 'Anna Beispiel',
          function: 'Ministerin',
          text: '„Ein guter Tag.“',
          state: 'approved' as const,
        },
        { id: 'r2', speaker: 'Bernd Muster', function: '', text: 'Noch offen.', state: 'rejected' as const },
      ],
    };
    const built = await buildReviewCopy(deps, release.id, 'pdf');
    const text = pdfText(built.bytes);
    expect(text).toMatch(/Status: freigegeben · Zeilen? \d/);
    expect(text).toContain('Status: abgelehnt · nicht im Text');
    const answer = await call<Copy>(
      reviewCopyHandlers(deps) as unknown as Workstation['handlers'],
      'export.reviewCopy',
      {
        id: release.id,
        format: 'pdf',
      },
    );
    expect(answer.quotes).toBe(2);
  });

  it('writes the file atomically and refuses an existing one, a missing folder and a cancel, leaving nothing', async () => {
    const { releases } = engineInternals(ws);
    const release = releases.create({ headline: 'Radwege', language: 'de', body });
    const dir = join(tmp.dir, 'out');
    mkdirSync(dir);
    const written = await ws.exportReviewCopy(release.id, { out: join(dir, 'a.docx'), format: 'docx' });
    expect(written).toMatchObject({ format: 'docx', version: 1, quotes: 1 });
    await expect(ws.exportReviewCopy(release.id, { out: join(dir, 'a.docx'), format: 'pdf' })).rejects.toMatchObject({
      code: 'EXPORT_TARGET_EXISTS',
    });
    await expect(
      ws.exportReviewCopy(release.id, { out: join(dir, 'no', 'b.pdf'), format: 'pdf' }),
    ).rejects.toMatchObject({ code: 'EXPORT_TARGET_NOT_WRITABLE' });
    const cancel = new AbortController();
    cancel.abort();
    const { assets, settings } = engineInternals(ws);
    await expect(
      writeReviewCopy({ releases, assets, settings }, release.id, {
        out: join(dir, 'c.pdf'),
        format: 'pdf',
        signal: cancel.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual(['a.docx']);
    expect(await exportedFormats(release.id)).toEqual(['review-docx:file']);
  });
});
