import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockNode, DocumentNode, ParagraphNode } from '../../../shared/document';
import { quotesFromBody, type ReviewCopyInput, type ReviewCopyQuote } from '../../../shared/render/reviewCopy';
import { engineInternals } from '../testing/internals';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { buildReviewCopyPdf } from './reviewCopyPdf';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
const NOW = new Date('2026-03-02T09:00:00.000Z');
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: join(tmp.dir, 'data'), host: 'cli', now: () => NOW });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

function deps() {
  const { releases, assets, settings } = engineInternals(ws);
  return { releases, assets, settings };
}

const para = (text: string): ParagraphNode => ({ type: 'paragraph', content: [{ type: 'text', text }] });

/** The PDF read back by poppler, in its layout (pages end with a form feed). */
function layoutText(bytes: Buffer): string {
  const file = join(tmp.dir, 'review.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The lines of a layout text that start with a number set apart from the text (a line number). */
function numberedLines(text: string): { n: number; text: string }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^ *(\d+) {2,}(\S.*)$/.exec(line);
    return m ? [{ n: Number(m[1]), text: m[2]! }] : [];
  });
}

function pageCount(bytes: Buffer): number {
  const file = join(tmp.dir, 'count.pdf');
  writeFileSync(file, bytes);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

const LONG =
  'Die Förderung für Straßen und Brücken steigt deutlich, und die Kommunen können damit ihre Vorhaben ' +
  'schneller umsetzen, sagte die Ministerin bei der Vorstellung des Programms im Landtag am Vormittag.';

/** A release over several pages, with two quotes. */
function seed(language = 'de', paragraphs = 40, extra: BlockNode[] = []): string {
  const body: DocumentNode = {
    type: 'doc',
    content: [
      para('Erster Absatz der Meldung.'),
      {
        type: 'quote',
        attrs: { speaker: 'Anna Beispiel', role: 'Ministerin' },
        content: [para('„Das ist ein guter Tag für das Land.“')],
      },
      ...Array.from({ length: paragraphs }, (_, i) => para(`Absatz ${i + 1}. ${LONG}`)),
      {
        type: 'quote',
        attrs: { speaker: 'Bernd Muster', role: 'Bürgermeister' },
        content: [para('„Wir freuen uns über die Mittel.“'), para('„Und wir bauen schnell.“')],
      },
      ...extra,
      para('Schlussabsatz.'),
    ],
  };
  return engineInternals(ws).releases.create({
    headline: 'Mehr Geld für Straßen und Brücken',
    subheadline: 'Kommunen profitieren',
    teaser: 'Das Land erhöht die Förderung.',
    language,
    body,
  }).id;
}

function input(id: string, quotes?: ReviewCopyQuote[]): ReviewCopyInput {
  const release = engineInternals(ws).releases.get(id);
  return {
    release,
    quotes: quotes ?? quotesFromBody(release.body),
    version: release.version,
    generatedAt: '2026-03-02T18:45:00.000Z',
  };
}

describe('buildReviewCopyPdf', () => {
  it('numbers the lines, marks every page as a draft with version and date, and lists the quotes with their state', async () => {
    const id = seed();
    const base = input(id);
    const quotes: ReviewCopyQuote[] = [
      { ...base.quotes[0]!, state: 'approved' },
      { ...base.quotes[1]!, state: 'requested' },
      { id: 'q-3', speaker: 'Clara Neu', function: 'Staatssekretärin', text: 'Nicht im Text.', state: 'rejected' },
    ];
    const pdf = await buildReviewCopyPdf(deps(), { ...base, quotes });
    expect(pdf.fileName).toMatch(/^mehr-geld-.*-entwurf-v1\.pdf$/);
    expect(pdf.pages).toBeGreaterThanOrEqual(3);
    expect(pageCount(pdf.bytes)).toBe(pdf.pages);

    // One read of the whole PDF; poppler ends each page with a form feed.
    const all = layoutText(pdf.bytes);
    const pages = all.split('\f').slice(0, pdf.pages);
    expect(pages).toHaveLength(pdf.pages);
    for (let page = 1; page <= pdf.pages; page++) {
      const text = pages[page - 1]!;
      expect(text, `page ${page}`).toContain('ENTWURF – nicht zur Veröffentlichung');
      expect(text, `page ${page}`).toContain('Fassung 1');
      // Berlin time (UTC+1 in March), German format.
      expect(text, `page ${page}`).toContain('Stand: 2. März 2026, 19:45 Uhr (MEZ)');
    }

    // Line numbers stand beside the lines of the text, counted on over the pages.
    const numbered = numberedLines(all);
    const headline = numbered.find((l) => l.text.includes('Mehr Geld für Straßen und Brücken'));
    expect(headline?.n).toBe(1);
    expect(numbered.find((l) => l.text.startsWith('Erster Absatz der Meldung.'))?.n).toBeGreaterThan(1);
    const last = numbered.find((l) => l.text.startsWith('Schlussabsatz.'));
    expect(last?.n).toBeGreaterThan(100);
    // Continuous: every number from 1 to the last line's.
    const numbers = numbered.map((l) => l.n).filter((n) => n <= last!.n);
    expect(new Set(numbers).size).toBe(last!.n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // The second page goes on counting where the first stopped.
    const second = numberedLines(pages[1]!).map((l) => l.n);
    expect(second[0]).toBeGreaterThan(20);

    // The quotes for approval: a page of their own, each with speaker, function, text, state and lines.
    const list = pages[pdf.pages - 1]!;
    expect(list).toContain('Zitate zur Freigabe');
    expect(numberedLines(list).some((l) => l.text.includes('Zitate zur Freigabe'))).toBe(false);
    const annaLine = numbered.find((l) => l.text.includes('Das ist ein guter Tag für das Land'))!.n;
    const order = [
      'Anna Beispiel, Ministerin',
      '„Das ist ein guter Tag für das Land.“',
      `Status: freigegeben · Zeilen ${annaLine}–${annaLine + 1}`,
      'Bernd Muster, Bürgermeister',
      '„Wir freuen uns über die Mittel.“',
      '„Und wir bauen schnell.“',
      'Status: angefragt · Zeilen',
      'Clara Neu, Staatssekretärin',
      'Nicht im Text.',
      'Status: abgelehnt · nicht im Text',
    ];
    let at = -1;
    for (const part of order) {
      const found = list.indexOf(part, at + 1);
      expect(found, `${part} after ${at}`).toBeGreaterThan(at);
      at = found;
    }
  });

  it('is an English draft for an English release, and states „offen“ for quotes taken from the body', async () => {
    const en = seed('en', 2);
    const pdf = await buildReviewCopyPdf(deps(), input(en));
    const text = layoutText(pdf.bytes);
    expect(text).toContain('DRAFT – not for publication · Version 1 · As of 2 March 2026, 19:45 (CET)');
    expect(text).toContain('Quotes for approval');
    expect(text).toContain('State: open · lines');
    expect(pdf.fileName).toMatch(/-draft-v1\.pdf$/);

    const de = seed('de', 2);
    const german = layoutText((await buildReviewCopyPdf(deps(), input(de))).bytes);
    expect(german.match(/Status: offen/g)).toHaveLength(2);
  });

  it('is not blocked by preflight errors, and sets hostile text and comments safely', async () => {
    const { releases } = engineInternals(ws);
    const word = 'Donaudampfschifffahrtsgesellschaftskapitänsmütze'.repeat(8);
    const body = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Sichtbar ' },
            // A comment on the text: its words are shown, the remark never.
            { type: 'text', text: 'kommentiert', marks: [{ type: 'comment', attrs: { text: 'GEHEIME ANMERKUNG' } }] },
            { type: 'text', text: ' und weiter.' },
          ],
        },
        {
          type: 'quote',
          attrs: { speaker: '<script>alert(1)</script>', role: 'مدير' },
          content: [para(`„${word} </w:t><w:p> مرحبا بكم“`)],
        },
      ],
    } as unknown as DocumentNode;
    // An empty headline blocks every public output; the review copy goes out anyway.
    const stored = releases.create({ headline: '', language: 'de', body: { type: 'doc', content: [] } });
    // The body as a later version may keep it (with marks this one does not know), not as it is stored now.
    const release = { ...stored, body };
    const pdf = await buildReviewCopyPdf(deps(), {
      release,
      quotes: quotesFromBody(body),
      version: 7,
      generatedAt: NOW.toISOString(),
    });
    const text = layoutText(pdf.bytes);
    expect(text).toContain('ENTWURF – nicht zur Veröffentlichung · Fassung 7');
    expect(text).toContain('Sichtbar kommentiert und weiter.');
    expect(text).not.toContain('GEHEIME ANMERKUNG');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('Status: offen');
    // The long word is cut into lines that fit, each numbered.
    expect(text.replace(/\s+/g, '')).toContain(word.slice(0, 60));
  });

  it('sets a right-to-left release with a hostile headline: numbers on the right, notice in English', async () => {
    const { releases } = engineInternals(ws);
    const headline = `<script>alert(1)</script> مرحبا ${'ب'.repeat(120)} &amp; \u202e`;
    const id = releases.create({
      headline,
      language: 'ar',
      body: {
        type: 'doc',
        content: [
          para('هذا نص عربي للتجربة مع رقم 2026 وكلمة Pressdesk.'),
          {
            type: 'quote',
            attrs: { speaker: 'سارة', role: 'وزيرة' },
            content: [para('«يوم جيد للبلاد»')],
          },
        ],
      },
    }).id;
    const pdf = await buildReviewCopyPdf(deps(), input(id));
    // poppler wraps right-to-left lines in embedding marks and gives the ends of a mixed line in visual order.
    const text = layoutText(pdf.bytes).replace(/[\u202a-\u202e]/g, '');
    expect(text).toContain('DRAFT – not for publication · Version 1');
    expect(text).toContain('script>alert(1)</script');
    expect(text).toContain('Quotes for approval');
    // The line numbers stand at the end of the lines (the right margin), counted from 1.
    const ends = text.split('\n').flatMap((line) => {
      const words = line.trimEnd().split('  ');
      const last = words[words.length - 1]!.trim();
      return words.length > 1 && /^\d+$/.test(last) ? [Number(last)] : [];
    });
    expect(ends.slice(0, 3)).toEqual([1, 2, 3]);
  });
});
