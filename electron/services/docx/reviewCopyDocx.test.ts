import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentNode, ParagraphNode } from '../../../shared/document';
import { quotesFromBody, type ReviewCopyInput } from '../../../shared/render/reviewCopy';
import type { ExportSettings } from '../export/bundle';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { buildReviewCopyDocx } from './reviewCopyDocx';

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

const settings: ExportSettings = { office: { name: 'Ministerium für Soziales & Integration' } };
const para = (text: string): ParagraphNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });

function deps() {
  const { releases, assets } = engineInternals(ws);
  return { releases, assets };
}

async function read(bytes: Buffer): Promise<{ text: string; document: string; files: Record<string, Uint8Array> }> {
  const files = unzipSync(new Uint8Array(bytes));
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return { text: value, document: strFromU8(files['word/document.xml']!), files };
}

/** The section properties of document.xml, in order. */
function sections(document: string): string[] {
  return document.match(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g) ?? [];
}

function inputFor(id: string): ReviewCopyInput {
  const release = engineInternals(ws).releases.get(id);
  return {
    release,
    quotes: quotesFromBody(release.body),
    version: release.version,
    generatedAt: '2026-07-01T08:05:00Z',
  };
}

describe('buildReviewCopyDocx', () => {
  it('carries the draft notice, Word line numbering over the text and the quotes for approval', async () => {
    const body: DocumentNode = {
      type: 'doc',
      content: [
        para('Erster Absatz der Meldung.'),
        {
          type: 'quote',
          attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
          content: [para('„Das ist ein guter Tag für das Land.“')],
        },
        para('Zweiter Absatz.'),
      ],
    };
    const release = engineInternals(ws).releases.create({ headline: 'Neue Radwege', language: 'de', body });
    const base = inputFor(release.id);
    const docx = await buildReviewCopyDocx(
      deps(),
      {
        ...base,
        quotes: [
          { ...base.quotes[0]!, state: 'requested' },
          { id: 'x', speaker: 'Bernd Muster', function: 'Bürgermeister', text: 'Wir bauen.', state: 'approved' },
        ],
      },
      { settings },
    );
    expect(docx.fileName).toMatch(/^neue-radwege-.*-entwurf-v1\.docx$/);
    const { text, document, files } = await read(docx.bytes);
    expect(text).toContain('ENTWURF – nicht zur Veröffentlichung · Fassung 1 · Stand: 1. Juli 2026, 10:05 Uhr (MESZ)');
    const order = [
      'Neue Radwege',
      'Erster Absatz der Meldung.',
      '„Das ist ein guter Tag für das Land.“',
      'Zitate zur Freigabe',
      '1. Anna Beispiel, Ministerin',
      '„Das ist ein guter Tag für das Land.“',
      'Status: angefragt',
      '2. Bernd Muster, Bürgermeister',
      'Wir bauen.',
      'Status: freigegeben',
    ];
    let at = -1;
    for (const part of order) {
      const found = text.indexOf(part, at + 1);
      expect(found, `${part} after ${at}`).toBeGreaterThan(at);
      at = found;
    }
    // The text's section numbers its lines continuously; the quote list's section does not.
    const [main, quotes] = sections(document);
    expect(main).toMatch(/<w:lnNumType [^>]*w:countBy="1"/);
    expect(main).toMatch(/<w:lnNumType [^>]*w:restart="continuous"/);
    expect(quotes).toBeDefined();
    expect(quotes).not.toContain('<w:lnNumType');
    // Every page's header says it is a draft.
    const headers = Object.keys(files).filter((n) => /^word\/header\d+\.xml$/.test(n));
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(strFromU8(files[h]!)).toContain('ENTWURF – nicht zur Veröffentlichung');
  });

  it('is English for an English release, is not blocked by preflight, and escapes hostile text', async () => {
    const hostile = '<script>alert(1)</script> & </w:t></w:r><w:r><w:t>';
    const body = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Seen ' },
            { type: 'text', text: 'commented', marks: [{ type: 'comment', attrs: { text: 'SECRET REMARK' } }] },
            { type: 'text', text: ' text.' },
          ],
        },
        {
          type: 'quote',
          attrs: { speaker: hostile, role: 'מנהל' },
          content: [para(`${'x'.repeat(3000)} שלום ${hostile}`)],
        },
      ],
    } as unknown as DocumentNode;
    // An empty headline blocks the public outputs, not the review copy; the comment mark is one this version does not store.
    const stored = engineInternals(ws).releases.create({ headline: '', language: 'en' });
    const release = { ...stored, body };
    const docx = await buildReviewCopyDocx(
      deps(),
      { release, quotes: quotesFromBody(body), version: 4, generatedAt: '2026-01-10T12:00:00Z' },
      { settings },
    );
    const { text, document } = await read(docx.bytes);
    expect(text).toContain('DRAFT – not for publication · Version 4 · As of 10 January 2026, 13:00 (CET)');
    expect(text).toContain('Quotes for approval');
    expect(text).toContain('State: open');
    expect(text).toContain('Seen commented text.');
    expect(text).not.toContain('SECRET REMARK');
    expect(document).not.toContain('SECRET REMARK');
    expect(text).toContain(hostile);
    expect(document).not.toContain('<script>');
    expect(docx.fileName).toMatch(/-draft-v4\.docx$/);
  });
});
