import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import mammoth from 'mammoth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import { releaseToInterchange } from '../../../shared/domain';
import { engineInternals } from '../testing/internals';
import { pressRelease, useServer } from '../testing/mailFixtures';
import { makeTempDir } from '../testing/tempDir';
import { parseInterchangeRecord } from '../releases/interchange';
import { openWorkstation, type Workstation } from '../workstation';

/*
 * Comments never leave the workstation: a release with a comment on „Ring“
 * whose thread holds unique marker words goes through every output; each
 * carries the commented text, and none a marker or an anchor.
 */

const MARKER = 'Zwiebelkuchenvermerk';
const REPLY_MARKER = 'Rhabarberrueckfrage';

const BODY = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Die Bäume kommen in die Südstadt und an den ' },
        { type: 'text', text: 'Kastanienring', marks: [{ type: 'comment', attrs: { id: 'kommentar-1' } }] },
        { type: 'text', text: '.' },
      ],
    },
  ],
};

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
let id: string;
beforeEach(async () => {
  tmp = makeTempDir();
  ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  useServer(ws, 1);
  ({ id } = await pressRelease(ws, { body: BODY, embargoUntil: null }));
  for (const [name, input] of [
    [
      'comments.add',
      { releaseId: id, id: 'kommentar-1', text: `${MARKER}: stimmt der Name?`, anchorText: 'Kastanienring' },
    ],
    ['comments.reply', { releaseId: id, parentId: 'kommentar-1', text: `${REPLY_MARKER} beim Amt` }],
  ] as const) {
    const envelope = await dispatch(ws.handlers, name, input);
    expect(envelope.ok).toBe(true);
  }
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

function expectClean(output: string, what: string): void {
  expect(output, what).toContain('Kastanienring');
  expect(output, what).not.toContain(MARKER);
  expect(output, what).not.toContain(REPLY_MARKER);
  expect(output, what).not.toContain('data-comment-id');
  expect(output, what).not.toContain('kommentar-1');
}

describe('comments are never exported', () => {
  it('the stored body has the anchor (so the test can fail)', () => {
    expect(JSON.stringify(engineInternals(ws).releases.get(id).body)).toContain('kommentar-1');
  });

  it('the bundle: page, text and release.json; the export preview', async () => {
    const out = join(tmp.dir, 'bundle');
    await ws.exportRelease(id, { out });
    for (const file of ['index.html', 'release.txt', 'release.json'])
      expectClean(readFileSync(join(out, file), 'utf8'), file);
    expect(JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'))).toMatchObject({
      body: {
        content: [
          {
            content: [{ type: 'text', text: 'Die Bäume kommen in die Südstadt und an den Kastanienring.' }],
          },
        ],
      },
    });
    for (const file of readdirSync(out).filter((f) => /\.(?:html|txt|json|css)$/.test(f)))
      expect(readFileSync(join(out, file), 'utf8')).not.toContain(MARKER);
    const preview = await ws.handlers['export.preview']({ id });
    expectClean(preview.html, 'preview');
  });

  it('the wire text, the Word file and the PDF', async () => {
    const wire = join(tmp.dir, 'wire.txt');
    await ws.exportReleaseWireText(id, { out: wire });
    expectClean(readFileSync(wire, 'utf8'), 'wire');
    const clip = await ws.handlers['export.wireText']({ id });
    expectClean(JSON.stringify(clip), 'wire clipboard');

    const docx = join(tmp.dir, 'release.docx');
    await ws.exportReleaseDocx(id, { out: docx });
    const text = await mammoth.extractRawText({ path: docx });
    expectClean(text.value, 'docx');
    const html = await mammoth.convertToHtml({ path: docx });
    expectClean(html.value, 'docx html');

    const pdf = join(tmp.dir, 'release.pdf');
    await ws.exportReleasePdf(id, { out: pdf });
    expectClean(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }), 'pdf');
  });

  it('the press mail', async () => {
    const draft = await ws.mailDraft(id);
    const raw = Buffer.from(draft.bytes).toString('utf8');
    expect(raw).not.toContain(MARKER);
    const mail = await simpleParser(draft.bytes);
    expectClean(mail.html || '', 'mail html');
    expectClean(mail.text ?? '', 'mail text');
  });

  it('the interchange record of `show --json`, and a foreign body loses its anchors on import', () => {
    expectClean(JSON.stringify(releaseToInterchange(engineInternals(ws).releases.get(id))), 'interchange');
    const parsed = parseInterchangeRecord({ format: 'pressdesk.release/1', headline: 'Fremd', body: BODY });
    expect(JSON.stringify(parsed.fields.body)).not.toContain('comment');
    expect(JSON.stringify(parsed.fields.body)).toContain('Kastanienring');
  });

  it('the search index holds the text, not the comments', async () => {
    const { db } = engineInternals(ws);
    const row = db.prepare<[string], { body_text: string }>('SELECT body_text FROM releases WHERE id = ?').get(id)!;
    expectClean(row.body_text, 'body_text');
    const found = await ws.handlers['archive.search']({ query: 'Kastanienring' });
    expect(found.total).toBe(1);
    const marker = await ws.handlers['archive.search']({ query: MARKER });
    expect(marker.total).toBe(0);
  });
});
