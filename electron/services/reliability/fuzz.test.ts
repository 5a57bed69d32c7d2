import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../../shared/contract';
import { dispatch } from '../../../shared/contract/dispatch';
import { BLOCK_TYPES, INLINE_TYPES, isSafeHref, MARK_TYPES, normalizeDocument } from '../../../shared/document';
import { ERROR_CODES } from '../../../shared/errors';
import { renderReleaseHtml, type RenderInput } from '../../../shared/render';
import { htmlToDocument } from '../document/htmlToDocument';
import { parsePage } from '../testing/dom';
import { makeTempDir } from '../testing/tempDir';
import { openWorkstation, type Workstation } from '../workstation';
import { engineInternals } from '../testing/internals';

const RUNS = Number(process.env.PRESSDESK_FUZZ_RUNS ?? 200);

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeAll(() => {
  tmp = makeTempDir('pressdesk-fuzz-');
  ws = openWorkstation({ dataDir: tmp.dir, host: 'web', fullBackupDownloadDir: join(tmp.dir, '.downloads') });
});
afterAll(() => {
  ws.close();
  tmp.cleanup();
});

const counts = () =>
  ['releases', 'assets', 'snippets', 'release_revisions'].map(
    (t) => (engineInternals(ws).db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
  );

/** Payloads: anything at all, and plausible objects with wrong or hostile values. */
const payload = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'headline',
      'body',
      'fields',
      'baseVersion',
      'limit',
      'query',
      'bytes',
      'name',
      'embargoed',
      'topic',
      'tags',
      '__proto__',
    ),
    fc.oneof(
      fc.anything(),
      fc.string(),
      fc.integer(),
      fc.constant('javascript:alert(1)'),
      fc.constant({ type: 'doc', content: [{ type: 'script' }] }),
    ),
  ),
);

describe('fuzzing', () => {
  it(`every contract channel answers random payloads with a value or a typed error, and writes nothing when it refuses (${RUNS} cases per channel)`, async () => {
    for (const channel of CHANNEL_NAMES.filter((c) => !c.startsWith('archive.import'))) {
      await fc.assert(
        fc.asyncProperty(payload, async (input) => {
          const before = counts();
          const answer = await dispatch(ws.handlers, channel, input);
          if (!answer.ok) {
            expect(ERROR_CODES as readonly string[]).toContain(answer.error.code);
            expect(answer.error.code).not.toBe('INTERNAL');
            expect(counts()).toEqual(before);
          }
        }),
        { numRuns: RUNS },
      );
    }
  }, 120_000);

  it('renders arbitrary text in every field as text, never as markup', () => {
    const base: RenderInput = {
      id: 'x',
      version: 1,
      language: 'de',
      topic: '',
      headline: '',
      subheadline: '',
      teaser: '',
      dateline: '',
      publishedAt: '2024-05-02T08:00:00.000Z',
      updatedAt: '2024-05-02T08:00:00.000Z',
      embargoUntil: null,
      tags: [],
      body: { type: 'doc', content: [{ type: 'paragraph' }] },
      leadImage: null,
      assets: {},
      relatedLinks: [],
      relatedReleases: [],
      pressContact: '',
      boilerplate: '',
      office: { name: 'Amt' },
      embargoed: false,
      stylesheet: 'theme.css',
    };
    const text = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom(
            '<',
            '>',
            '&',
            '"',
            "'",
            '/',
            '=',
            ' ',
            'a',
            's',
            'c',
            'r',
            'i',
            'p',
            't',
            '-',
            '!',
            '\u2028',
          ),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
        ),
        minLength: 1,
        maxLength: 40,
      })
      .filter((s) => s.trim() === s && !/\s{2}/.test(s) && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s));
    fc.assert(
      fc.property(text, text, text, text, (headline, teaser, topic, paragraph) => {
        const html = renderReleaseHtml({
          ...base,
          headline,
          teaser,
          topic,
          tags: [topic],
          body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: paragraph }] }] },
        });
        const doc = parsePage(html);
        expect(doc.querySelector('h1')!.textContent).toBe(headline);
        expect(doc.querySelector('.teaser')!.textContent).toBe(teaser);
        expect(doc.querySelector('.kicker')!.textContent).toBe(topic);
        expect(doc.querySelector('.body p')!.textContent).toBe(paragraph);
        expect(doc.querySelectorAll('script').length).toBe(1);
        expect(doc.querySelectorAll('body *').length).toBe(
          parsePage(
            renderReleaseHtml({
              ...base,
              headline: 'h',
              teaser: 't',
              topic: 'k',
              tags: ['k'],
              body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'p' }] }] },
            }),
          ).querySelectorAll('body *').length,
        );
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('turns arbitrary HTML into the document vocabulary only, with safe links only', () => {
    const tag = fc.constantFrom(
      'p',
      'h1',
      'h4',
      'ul',
      'ol',
      'li',
      'a',
      'b',
      'i',
      'script',
      'style',
      'iframe',
      'img',
      'svg',
      'blockquote',
      'div',
      'span',
      'br',
      'table',
      'td',
      'pre',
      'figure',
    );
    const attr = fc.constantFrom(
      '',
      ' href="javascript:alert(1)"',
      ' href="https://example.org/"',
      ' href="data:x"',
      ' onclick="x()"',
      ' style="font-weight:700"',
      ' href="mailto:a@b.de"',
      ' data-type="quote" data-speaker="X"',
    );
    const piece = fc.oneof(
      fc.tuple(tag, attr).map(([t, a]) => `<${t}${a}>`),
      tag.map((t) => `</${t}>`),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('<!-- c -->', '&amp;', '&lt;script&gt;', '<![CDATA[x]]>', '\u00a0'),
    );
    const vocabulary = new Set<string>(['doc', 'listItem', ...BLOCK_TYPES, ...INLINE_TYPES]);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')),
        (html) => {
          const doc = htmlToDocument(html);
          expect(normalizeDocument(doc)).toEqual(doc);
          const walk = (node: unknown): void => {
            const n = node as {
              type: string;
              content?: unknown[];
              marks?: { type: string; attrs?: { href?: string } }[];
            };
            expect(vocabulary.has(n.type), n.type).toBe(true);
            for (const m of n.marks ?? []) {
              expect(MARK_TYPES).toContain(m.type);
              if (m.type === 'link') expect(isSafeHref(m.attrs!.href!)).toBe(true);
            }
            n.content?.forEach(walk);
          };
          walk(doc);
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });
});
