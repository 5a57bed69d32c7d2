import { unzipSync, zipSync, type Zippable } from 'fflate';
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  LineNumberRestartFormat,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type INumberingOptions,
  type ParagraphChild,
} from 'docx';
import type { BlockNode, FigureAttrs, InlineNode, TableNode } from '../../../shared/document';
import { directionOf } from '../../../shared/domain/direction';
import { headingLevel, listStart, safeHref } from '../../../shared/render/attrs';
import { formatPageDate, isGerman, labelsFor } from '../../../shared/render/labels';
import type { RenderInput } from '../../../shared/render/model';
import { captionWithCredit, quoteNamesSpeaker } from '../../../shared/render/office';
import type { ReviewCopyQuote, ReviewCopyWords } from '../../../shared/render/reviewCopy';

/** What makes a Word file a review copy („Freigabeexemplar“). */
export interface ReviewDocx {
  /** The line every page's header carries: draft notice, version and date. */
  readonly banner: string;
  readonly words: ReviewCopyWords;
  readonly quotes: readonly ReviewCopyQuote[];
}

const DRAFT_COLOR = 'B00020';

/** An image as the Word file carries it: JPEG bytes and the size it is shown at. */
export interface DocxImage {
  readonly data: Uint8Array;
  /** Pixels of the JPEG. */
  readonly width: number;
  readonly height: number;
}

/** Style ids the writer uses; the importer's style map knows them (round trip). */
export const DOCX_STYLES = {
  teaser: 'Teaser',
  caption: 'Caption',
  meta: 'ReleaseMeta',
  topic: 'Topic',
  subtitle: 'Subtitle',
} as const;

/** Widest an image is shown on an A4 page with 2.5 cm margins (points ≈ pixels at 96 dpi). */
const MAX_SHOWN_WIDTH = 600;
/** Bullet and numbered lists nest this deep in the numbering definitions. */
const LIST_LEVELS = 4;

interface Context {
  readonly input: RenderInput;
  readonly images: ReadonlyMap<string, DocxImage>;
  readonly rtl: boolean;
  /** Every ordered list restarts its numbering: one numbering instance each. */
  nextInstance: number;
  /** Drawing ids, counted per document (the library counts per process, which changes the bytes). */
  nextDrawing: number;
}

function officeLanguage(language: string): string {
  // Word wants a region; a bare "de" is read as German (Germany).
  const tag = language.trim() || 'de';
  if (tag.includes('-')) return tag;
  const regions: Record<string, string> = { de: 'de-DE', en: 'en-GB', fr: 'fr-FR', ar: 'ar-SA', he: 'he-IL' };
  return regions[tag.toLowerCase()] ?? tag;
}

function runs(
  content: readonly InlineNode[] | undefined,
  ctx: Context,
  base: { bold?: boolean; italics?: boolean } = {},
): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of content ?? []) {
    if (node.type === 'hardBreak') {
      out.push(new TextRun({ break: 1, rightToLeft: ctx.rtl || undefined }));
      continue;
    }
    const marks = node.marks ?? [];
    const bold = base.bold === true || marks.some((m) => m.type === 'bold');
    const italics = base.italics === true || marks.some((m) => m.type === 'italic');
    const link = marks.find((m) => m.type === 'link');
    const href = link ? safeHref(link.attrs?.href) : undefined;
    const run = new TextRun({
      text: node.text,
      bold: bold || undefined,
      italics: italics || undefined,
      rightToLeft: ctx.rtl || undefined,
      style: href ? 'Hyperlink' : undefined,
    });
    out.push(href ? new ExternalHyperlink({ link: href, children: [run] }) : run);
  }
  return out;
}

function paragraph(
  children: ParagraphChild[],
  ctx: Context,
  options: { style?: string; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel] } = {},
): Paragraph {
  return new Paragraph({
    children,
    style: options.style,
    heading: options.heading,
    bidirectional: ctx.rtl || undefined,
  });
}

function plain(text: string, ctx: Context, options: { style?: string; bold?: boolean } = {}): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) =>
      paragraph([new TextRun({ text: line, bold: options.bold, rightToLeft: ctx.rtl || undefined })], ctx, {
        style: options.style,
      }),
    );
}

/** Lines of text (an address, a contact) as one paragraph with line breaks. */
function lines(text: string, ctx: Context): Paragraph[] {
  const parts = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (parts.length === 0) return [];
  return [
    paragraph(
      parts.map(
        (line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, rightToLeft: ctx.rtl || undefined }),
      ),
      ctx,
    ),
  ];
}

function figureParagraphs(f: FigureAttrs, ctx: Context): Paragraph[] {
  const image = ctx.images.get(f.assetId);
  const out: Paragraph[] = [];
  if (image) {
    const shown = Math.min(MAX_SHOWN_WIDTH, image.width);
    const height = Math.round((image.height * shown) / image.width);
    const alt = f.decorative ? '' : f.alt;
    out.push(
      new Paragraph({
        keepNext: true,
        bidirectional: ctx.rtl || undefined,
        children: [
          new ImageRun({
            type: 'jpg',
            data: image.data,
            transformation: { width: shown, height },
            altText: {
              id: String(ctx.nextDrawing++),
              name: alt.slice(0, 200),
              description: alt,
              title: alt.slice(0, 200),
            },
          }),
        ],
      }),
    );
  }
  const caption = captionWithCredit(f.caption, f.credit, ctx.input.office.creditStyle);
  out.push(...plain(caption, ctx, { style: DOCX_STYLES.caption }));
  return out;
}

function tableOf(table: TableNode, ctx: Context): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    visuallyRightToLeft: ctx.rtl || undefined,
    rows: table.content.map(
      (row, r) =>
        new TableRow({
          tableHeader: r === 0 ? true : undefined,
          children: row.content.map(
            (cell) =>
              new TableCell({
                children: [paragraph(runs(cell.content, ctx, { bold: cell.type === 'tableHeader' }), ctx)],
              }),
          ),
        }),
    ),
  });
}

function blocks(content: readonly BlockNode[], ctx: Context, list?: { ref: string; level: number; instance: number }) {
  const out: (Paragraph | Table)[] = [];
  for (const block of content) out.push(...blockOf(block, ctx, list));
  return out;
}

function blockOf(
  block: BlockNode,
  ctx: Context,
  list?: { ref: string; level: number; instance: number },
): (Paragraph | Table)[] {
  switch (block.type) {
    case 'paragraph':
      if (list) {
        return [
          new Paragraph({
            children: runs(block.content, ctx),
            numbering: { reference: list.ref, level: list.level, instance: list.instance },
            bidirectional: ctx.rtl || undefined,
          }),
        ];
      }
      return [paragraph(runs(block.content, ctx), ctx)];
    case 'heading':
      return [
        paragraph(runs(block.content, ctx), ctx, {
          heading: headingLevel(block.attrs?.level) === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_2,
        }),
      ];
    case 'bulletList':
    case 'orderedList': {
      const level = list ? Math.min(list.level + 1, LIST_LEVELS - 1) : 0;
      const ref = block.type === 'bulletList' ? 'bullets' : `numbers-${listStart(block.attrs?.start)}`;
      const instance = ctx.nextInstance++;
      const out: (Paragraph | Table)[] = [];
      for (const item of block.content) {
        // An item's first paragraph carries the marker; later blocks of the item continue it.
        const [first, ...rest] = item.content;
        if (first) out.push(...blockOf(first, ctx, { ref, level, instance }));
        for (const b of rest) {
          if (b.type === 'bulletList' || b.type === 'orderedList')
            out.push(...blockOf(b, ctx, { ref, level, instance }));
          else out.push(...blockOf(b, ctx));
        }
      }
      return out;
    }
    case 'blockquote':
      return block.content.flatMap((b) =>
        b.type === 'paragraph' ? [paragraph(runs(b.content, ctx), ctx, { style: 'Quote' })] : blockOf(b, ctx),
      );
    case 'quote': {
      const out: (Paragraph | Table)[] = block.content.map((p) =>
        paragraph(runs(p.content, ctx), ctx, { style: 'Quote' }),
      );
      const by = quoteNamesSpeaker(block) ? '' : [block.attrs.speaker, block.attrs.role].filter(Boolean).join(', ');
      if (by)
        out.push(
          paragraph([new TextRun({ text: `— ${by}`, rightToLeft: ctx.rtl || undefined })], ctx, { style: 'Quote' }),
        );
      return out;
    }
    case 'table':
      return [tableOf(block, ctx), paragraph([], ctx)];
    case 'figure':
      return figureParagraphs(block.attrs, ctx);
  }
}

/** Numbering: one bullet definition, one decimal definition per start number the release uses. */
function numberingFor(body: readonly BlockNode[]): INumberingOptions {
  const starts = new Set<number>();
  const visit = (content: readonly BlockNode[]): void => {
    for (const b of content) {
      if (b.type === 'orderedList') starts.add(listStart(b.attrs?.start));
      if (b.type === 'bulletList' || b.type === 'orderedList') for (const item of b.content) visit(item.content);
      if (b.type === 'blockquote') visit(b.content);
    }
  };
  visit(body);
  const indent = (level: number) => ({ paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } });
  return {
    config: [
      {
        reference: 'bullets',
        levels: Array.from({ length: LIST_LEVELS }, (_, level) => ({
          level,
          format: LevelFormat.BULLET,
          text: level % 2 === 0 ? '•' : '–',
          alignment: AlignmentType.START,
          style: indent(level),
        })),
      },
      ...[...starts]
        .sort((a, b) => a - b)
        .map((start) => ({
          reference: `numbers-${start}`,
          levels: Array.from({ length: LIST_LEVELS }, (_, level) => ({
            level,
            format: level === 0 ? LevelFormat.DECIMAL : LevelFormat.LOWER_LETTER,
            text: `%${level + 1}.`,
            start: level === 0 ? start : 1,
            alignment: AlignmentType.START,
            style: indent(level),
          })),
        })),
    ],
  };
}

/**
 * The release as a Word document: the office in the page header, page
 * numbers in the footer; embargo line, release number and date, topic,
 * headline (Title), subheadline (Subtitle), teaser, the body with headings,
 * lists, quotes, tables and figures (caption with credit), related links,
 * press contact and boilerplate. The document's language is the release's;
 * Arabic and Hebrew releases get right-to-left paragraphs.
 */
export function releaseDocument(
  input: RenderInput,
  images: ReadonlyMap<string, DocxImage>,
  review?: ReviewDocx,
): Document {
  const rtl = directionOf(input.language) === 'rtl';
  const ctx: Context = { input, images, rtl, nextInstance: 1, nextDrawing: 1 };
  const labels = labelsFor(input.language);
  const de = isGerman(input.language);
  const lang = officeLanguage(input.language);
  const children: (Paragraph | Table)[] = [];

  if (review) children.push(draftNotice(review.banner, ctx));
  if (input.embargoed && input.embargoUntil) {
    children.push(...plain(labels.embargo(input.embargoUntil), ctx, { style: DOCX_STYLES.meta, bold: true }));
  }
  const meta = [
    input.releaseNumber ? `${labels.releaseNumber} ${input.releaseNumber}` : '',
    [input.dateline, input.publishedAt ? formatPageDate(input.publishedAt, input.language) : '']
      .filter(Boolean)
      .join(', '),
  ].filter(Boolean);
  if (meta.length > 0) children.push(...plain(meta.join(' · '), ctx, { style: DOCX_STYLES.meta }));
  if (input.topic) children.push(...plain(input.topic, ctx, { style: DOCX_STYLES.topic }));
  children.push(
    paragraph([new TextRun({ text: input.headline, rightToLeft: rtl || undefined })], ctx, {
      heading: HeadingLevel.HEADING_1,
    }),
  );
  if (input.subheadline) children.push(...plain(input.subheadline, ctx, { style: DOCX_STYLES.subtitle }));
  if (input.teaser) children.push(...plain(input.teaser, ctx, { style: DOCX_STYLES.teaser }));
  if (input.leadImage) children.push(...figureParagraphs(input.leadImage, ctx));
  children.push(...blocks(input.body.content, ctx));

  if (input.relatedLinks.length > 0) {
    children.push(paragraph([new TextRun({ text: labels.relatedLinks })], ctx, { heading: HeadingLevel.HEADING_3 }));
    for (const l of input.relatedLinks) {
      const href = safeHref(l.url);
      const text = new TextRun({
        text: l.title || l.url,
        style: href ? 'Hyperlink' : undefined,
        rightToLeft: rtl || undefined,
      });
      children.push(
        new Paragraph({
          children: [href ? new ExternalHyperlink({ link: href, children: [text] }) : text],
          numbering: { reference: 'bullets', level: 0 },
          bidirectional: rtl || undefined,
        }),
      );
    }
  }
  if (input.pressContact.trim()) {
    children.push(paragraph([new TextRun({ text: labels.pressContact })], ctx, { heading: HeadingLevel.HEADING_3 }));
    children.push(...lines(input.pressContact, ctx));
  }
  if (input.boilerplate.trim()) {
    children.push(paragraph([new TextRun({ text: labels.about })], ctx, { heading: HeadingLevel.HEADING_3 }));
    children.push(...plain(input.boilerplate, ctx));
  }

  const address = (input.office.address ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const header = new Header({
    children: [
      ...(review
        ? [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              bidirectional: rtl || undefined,
              children: [new TextRun({ text: review.banner, bold: true, size: 16, color: DRAFT_COLOR })],
            }),
          ]
        : []),
      ...(input.office.name
        ? [
            new Paragraph({
              bidirectional: rtl || undefined,
              children: [new TextRun({ text: input.office.name, bold: true })],
            }),
          ]
        : []),
      ...(address.length > 0
        ? [
            new Paragraph({
              bidirectional: rtl || undefined,
              children: [new TextRun({ text: address.join(' · '), size: 16 })],
            }),
          ]
        : []),
    ],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size: 16,
            children: de
              ? ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES]
              : ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });

  const runLanguage = rtl ? { value: lang, bidirectional: lang } : { value: lang };
  return new Document({
    title: input.headline,
    subject: input.topic || undefined,
    creator: input.office.name || 'Pressdesk',
    lastModifiedBy: input.office.name || 'Pressdesk',
    description: input.teaser.slice(0, 1000) || undefined,
    keywords: input.tags.join(', ') || undefined,
    numbering: numberingFor(input.body.content),
    styles: {
      default: {
        document: {
          run: { font: 'Calibri', size: 22, language: runLanguage, rightToLeft: rtl || undefined },
          paragraph: { spacing: { after: 120 } },
        },
        heading2: { paragraph: { spacing: { before: 240, after: 80 } } },
        heading3: { paragraph: { spacing: { before: 200, after: 60 } } },
      },
      paragraphStyles: [
        {
          id: DOCX_STYLES.teaser,
          name: 'Teaser',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { bold: true },
          paragraph: { spacing: { after: 200 } },
        },
        {
          id: DOCX_STYLES.topic,
          name: 'Topic',
          basedOn: 'Normal',
          next: 'Normal',
          run: { bold: true, size: 20, color: '555555' },
        },
        {
          id: DOCX_STYLES.subtitle,
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 28, color: '444444' },
          paragraph: { spacing: { after: 160 } },
        },
        {
          id: DOCX_STYLES.meta,
          name: 'Release Meta',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 18, color: '555555' },
        },
        {
          id: DOCX_STYLES.caption,
          name: 'Caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 18, italics: true, color: '444444' },
          paragraph: { spacing: { after: 200 } },
        },
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true },
          paragraph: {
            indent: { left: 567 },
            // The rule stands where the text begins: on the right in a right-to-left release.
            border: {
              [rtl ? 'right' : 'left']: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 },
            },
          },
        },
      ],
    },
    sections: [
      {
        headers: { default: header },
        footers: { default: footer },
        // The review copy numbers every line of the text, on over the pages (Word's own line numbering).
        properties: review
          ? { lineNumbers: { countBy: 1, start: 1, restart: LineNumberRestartFormat.CONTINUOUS } }
          : undefined,
        children,
      },
      ...(review
        ? [
            {
              // The quotes for approval on a page of their own, without line numbers.
              properties: { type: SectionType.NEXT_PAGE },
              headers: { default: header },
              footers: { default: footer },
              children: quoteList(review, ctx),
            },
          ]
        : []),
    ],
  });
}

/** The draft notice in a frame, first in the text. */
function draftNotice(text: string, ctx: Context): Paragraph {
  const side = { style: BorderStyle.SINGLE, size: 12, color: DRAFT_COLOR, space: 4 };
  return new Paragraph({
    bidirectional: ctx.rtl || undefined,
    border: { top: side, bottom: side, left: side, right: side },
    spacing: { after: 240 },
    children: [new TextRun({ text, bold: true, color: DRAFT_COLOR, rightToLeft: ctx.rtl || undefined })],
  });
}

/** „Zitate zur Freigabe“: each quote with its speaker, function, text and approval state. */
function quoteList(review: ReviewDocx, ctx: Context): Paragraph[] {
  const { words } = review;
  const rtl = ctx.rtl || undefined;
  const out: Paragraph[] = [
    paragraph([new TextRun({ text: words.quotesTitle, rightToLeft: rtl })], ctx, { heading: HeadingLevel.HEADING_2 }),
  ];
  if (review.quotes.length === 0) out.push(...plain(words.quotesNone, ctx));
  review.quotes.forEach((quote, i) => {
    const who = [quote.speaker.trim() || words.speakerUnknown, quote.function.trim()].filter(Boolean).join(', ');
    out.push(
      new Paragraph({
        keepNext: true,
        bidirectional: rtl,
        spacing: { before: 200, after: 60 },
        children: [new TextRun({ text: `${i + 1}. ${who}`, bold: true, rightToLeft: rtl })],
      }),
    );
    for (const line of quote.text.split(/\r?\n/).filter((l) => l.trim() !== '')) {
      out.push(
        new Paragraph({
          keepNext: true,
          style: 'Quote',
          bidirectional: rtl,
          children: [new TextRun({ text: line, rightToLeft: rtl })],
        }),
      );
    }
    const color = quote.state === 'approved' ? '1D6B2F' : quote.state === 'rejected' ? DRAFT_COLOR : undefined;
    out.push(
      paragraph(
        [
          new TextRun({ text: `${words.stateLabel}: `, rightToLeft: rtl }),
          new TextRun({ text: words.state[quote.state] ?? words.state.open, bold: true, color, rightToLeft: rtl }),
        ],
        ctx,
      ),
    );
  });
  return out;
}

/**
 * The Word file's bytes, the same for the same release version: the
 * library stamps its creation time and the zip's file times with the
 * clock, so both are replaced by the release's last change.
 */
export async function releaseDocx(
  input: RenderInput,
  images: ReadonlyMap<string, DocxImage>,
  review?: ReviewDocx,
): Promise<Uint8Array> {
  const packed = new Uint8Array(await Packer.toBuffer(releaseDocument(input, images, review)));
  return stableZip(packed, input.updatedAt);
}

/** The library's random relationship ids of links ("rIdx7k…"), renamed in order of appearance. */
const RANDOM_RELATIONSHIP_ID = /\brId[\w-]{12,}(?=")/g;

function stableZip(bytes: Uint8Array, at: string): Uint8Array {
  const files = unzipSync(bytes);
  const stamp = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const names = Object.keys(files);
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const renamed = new Map<string, string>();
  for (const name of [...names].sort()) {
    if (!name.endsWith('.xml') && !name.endsWith('.rels')) continue;
    for (const id of decoder.decode(files[name]).match(RANDOM_RELATIONSHIP_ID) ?? [])
      if (!renamed.has(id)) renamed.set(id, `rIdLink${renamed.size + 1}`);
  }
  const tree: Zippable = {};
  const mtime = new Date(at);
  for (const name of names) {
    let data = files[name]!;
    if (name.endsWith('.xml') || name.endsWith('.rels')) {
      let xml = decoder.decode(data).replace(RANDOM_RELATIONSHIP_ID, (id) => renamed.get(id) ?? id);
      if (name === 'docProps/core.xml')
        xml = xml.replace(
          /(<dcterms:(?:created|modified) xsi:type="dcterms:W3CDTF">)[^<]*(<\/dcterms:)/g,
          `$1${stamp}$2`,
        );
      data = encoder.encode(xml);
    }
    tree[name] = [data, { mtime, level: name.startsWith('word/media/') ? 0 : 6 }];
  }
  return zipSync(tree);
}
