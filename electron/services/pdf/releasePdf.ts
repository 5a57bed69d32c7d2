import type PDFDocument from 'pdfkit';
import {
  documentFigures,
  type BlockNode,
  type FigureAttrs,
  type InlineNode,
  type QuoteNode,
} from '../../../shared/document';
import { embargoRunning, type Release } from '../../../shared/domain';
import { directionOf } from '../../../shared/domain/direction';
import { PressdeskError } from '../../../shared/errors';
import type { Finding } from '../../../shared/preflight';
import { safeHref } from '../../../shared/render/attrs';
import {
  captionWithCredit,
  formatPageDate,
  labelsFor,
  quoteNamesSpeaker,
  type RenderInput,
} from '../../../shared/render';
import { isGerman } from '../../../shared/render/labels';
import {
  foldQuoteText,
  quoteNodeText,
  type ReviewCopyQuote,
  type ReviewCopyWords,
} from '../../../shared/render/reviewCopy';
import { loadSharp } from '../assets/sharp';
import type { AssetStore } from '../assets/assetStore';
import { checkRelease, renderInputFor, type ExportSettings } from '../export/bundle';
import { bundleFileName } from '../export/exportJobs';
import type { ReleaseRepository } from '../releases/releaseRepository';
import { PRESSDESK_VERSION } from '../version';
import { ASSET_MAX_PIXELS } from '../../../shared/domain';
import { hasRtlLetters, mirrored, visualRuns } from './bidi';
import { pdfFonts, type FontFace } from './fonts';

/** What a PDF is made from: the workstation's releases, images and settings. */
export interface PdfDeps {
  readonly releases: ReleaseRepository;
  readonly assets: AssetStore;
  readonly settings: { exportSettings(): ExportSettings; office(): { readonly 'office.contact'?: string } };
}

export interface PdfOptions {
  /** The office as the export settings have it; without it, the stored settings. */
  readonly settings?: ExportSettings;
  /** The moment the embargo and the preflight are judged at (now unless a test says otherwise). */
  readonly now?: Date;
  readonly signal?: AbortSignal;
  /** Images prepared so far, of all the PDF shows. */
  readonly onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ReleasePdf {
  readonly release: Release;
  readonly bytes: Buffer;
  /** A file name from the headline, safe on every system (`neue-radwege-1a2b3c4d.pdf`). */
  readonly fileName: string;
  /** The embargo ran when the PDF was made: it carries the embargo line on every page. */
  readonly embargoed: boolean;
  readonly findings: Finding[];
  readonly pages: number;
}

// A4 in points, and the type area.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 64, right: 64, top: 56, bottom: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Where text starts on the pages after the first (below the running header). */
const CONTINUATION_TOP = 92;
const BOTTOM = PAGE.height - MARGIN.bottom;
/** Images are placed at about 250 dpi over the type area's width. */
const PRINT_WIDTH_PX = 1600;
const COLORS = {
  text: '#1a1a1a',
  muted: '#5a5a5a',
  link: '#0b4f8a',
  rule: '#9a9a9a',
  embargo: '#b00020',
  draft: '#b00020',
  approved: '#1d6b2f',
};

const FONT_NAMES: Record<FontFace, string> = {
  regular: 'DejaVu',
  bold: 'DejaVu-Bold',
  italic: 'DejaVu-Oblique',
  boldItalic: 'DejaVu-BoldOblique',
};

interface Style {
  readonly face: FontFace;
  readonly size: number;
  readonly color: string;
  readonly href?: string;
}

interface Piece {
  readonly text: string;
  readonly style: Style;
}

type Token =
  | { readonly kind: 'word'; readonly parts: Piece[]; readonly width: number }
  | { readonly kind: 'space'; readonly piece: Piece; readonly width: number }
  | { readonly kind: 'break' };

interface Line {
  readonly pieces: Piece[];
  readonly width: number;
  readonly height: number;
  /**
   * Width of the space the line was broken at, kept at its end (outside
   * `width`) so that text extracted from the tagged structure keeps its words apart.
   */
  readonly trail: number;
}

/** Where a numbered line stands: its page (0-based), its top and height, its largest type size. */
interface LineMark {
  readonly page: number;
  readonly top: number;
  readonly height: number;
  readonly size: number;
  readonly n: number;
}

/** The review copy's line numbers: the lines numbered so far, and the lines of each quote. */
interface LineNumbering {
  next: number;
  readonly marks: LineMark[];
  /** Positions already numbered (`page:y`): cells side by side share their line's number. */
  readonly taken: Set<string>;
  readonly quotes: { readonly node: QuoteNode; readonly from: number; readonly to: number }[];
}

/** A prepared image: JPEG bytes at print size (PNG for a logo with transparency). */
interface PreparedImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

type Doc = PDFKit.PDFDocument;
type StructElement = PDFKit.PDFStructureElement;

/** What a structure element takes besides its type (pdfkit knows more than its type declarations say). */
interface StructOptions {
  readonly alt?: string;
  readonly bbox?: [number, number, number, number];
  readonly placement?: 'Block' | 'Inline';
  readonly scope?: 'Column' | 'Row';
}

/** A structure element; `draw` puts its content on the page when the element is added to an attached parent. */
function struct(doc: Doc, tag: string, options: StructOptions = {}, draw?: () => void): StructElement {
  const make = doc.struct.bind(doc) as (tag: string, options: StructOptions, children?: () => void) => StructElement;
  return draw ? make(tag, options, draw) : make(tag, options);
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new PressdeskError('CANCELLED', 'The PDF export was cancelled; nothing was written.');
}

/** Escapes text for the document's XMP metadata. */
function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\v\f\u000e-\u001f\ufffe\uffff]/g, '');
}

/** The face of a text with these marks. */
function faceOf(bold: boolean, italic: boolean): FontFace {
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  return italic ? 'italic' : 'regular';
}

function withFace(style: Style, bold: boolean, italic: boolean): Style {
  const base = style.face;
  return {
    ...style,
    face: faceOf(
      bold || base === 'bold' || base === 'boldItalic',
      italic || base === 'italic' || base === 'boldItalic',
    ),
  };
}

/** Inline content as styled pieces; a hard break as a newline piece. */
function inlinePieces(nodes: readonly InlineNode[] | undefined, style: Style): Piece[] {
  const out: Piece[] = [];
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      out.push({ text: '\n', style });
      continue;
    }
    const marks = node.marks ?? [];
    const bold = marks.some((m) => m.type === 'bold');
    const italic = marks.some((m) => m.type === 'italic');
    const link = marks.find((m) => m.type === 'link');
    const href = link ? safeHref(link.attrs.href) : undefined;
    const styled = withFace(style, bold, italic);
    out.push({ text: node.text, style: href ? { ...styled, color: COLORS.link, href } : styled });
  }
  return out;
}

/** Plain text (press contact, boilerplate, letterhead lines) as pieces, its lines kept. */
function textPieces(text: string, style: Style): Piece[] {
  return [{ text, style }];
}

/**
 * Lays a release out on A4 pages with pdfkit: the line breaking, the
 * right-to-left order and the tagging are done here, pdfkit draws and
 * embeds. Text is drawn run by run at positions of our own, so the tagged
 * structure and the extraction order follow the release's reading order.
 */
class Layout {
  readonly doc: Doc;
  y = MARGIN.top;
  /** The current box (lists and quotes indent it). */
  left = MARGIN.left;
  width = CONTENT_WIDTH;
  /** The review copy's line numbering while it runs: every typeset line of the text, counted on. */
  numbering: LineNumbering | null = null;
  private readonly widths = new Map<string, number>();

  constructor(
    doc: Doc,
    readonly rtl: boolean,
  ) {
    this.doc = doc;
  }

  measure(text: string, style: Style): number {
    const key = `${style.face}|${style.size}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = this.doc.font(FONT_NAMES[style.face]).fontSize(style.size).widthOfString(text);
      this.widths.set(key, w);
    }
    return w;
  }

  /** Starts a new page when `height` does not fit on this one; marked content continues there. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM && this.y > CONTINUATION_TOP) this.newPage();
  }

  newPage(): void {
    this.doc.continueOnNewPage();
    this.y = CONTINUATION_TOP;
  }

  tokens(pieces: readonly Piece[]): Token[] {
    const out: Token[] = [];
    let word: Piece[] = [];
    let wordWidth = 0;
    const flush = (): void => {
      if (word.length > 0) out.push({ kind: 'word', parts: word, width: wordWidth });
      word = [];
      wordWidth = 0;
    };
    for (const piece of pieces) {
      // Breaks only at ordinary spaces: no-break spaces („z. B.“, „10 %“) hold their words together.
      for (const bit of piece.text.split(/([ \t]+|\n)/)) {
        if (bit === '') continue;
        if (bit === '\n') {
          flush();
          out.push({ kind: 'break' });
        } else if (bit.trim() === '' && !/[\u00a0\u202f]/.test(bit)) {
          flush();
          const space = { text: ' ', style: piece.style };
          out.push({ kind: 'space', piece: space, width: this.measure(' ', piece.style) });
        } else {
          const part = { text: bit, style: piece.style };
          word.push(part);
          wordWidth += this.measure(bit, piece.style);
        }
      }
    }
    flush();
    return out;
  }

  /** A word wider than the line, cut into pieces that fit (long URLs, hostile input). */
  private splitWord(parts: readonly Piece[], max: number): Token[] {
    const out: Token[] = [];
    let current: Piece[] = [];
    let width = 0;
    for (const part of parts) {
      let text = '';
      for (const ch of part.text) {
        const w = this.measure(ch, part.style);
        if (width + w > max && (text !== '' || current.length > 0)) {
          if (text) current.push({ text, style: part.style });
          out.push({ kind: 'word', parts: current, width });
          current = [];
          text = '';
          width = 0;
        }
        text += ch;
        width += w;
      }
      if (text) current.push({ text, style: part.style });
    }
    if (current.length > 0) out.push({ kind: 'word', parts: current, width });
    return out;
  }

  lines(pieces: readonly Piece[], max: number): Line[] {
    const lines: Line[] = [];
    let current: Piece[] = [];
    let width = 0;
    let pendingSpace: Extract<Token, { kind: 'space' }> | null = null;
    let size = pieces[0]?.style.size ?? 10;
    const endLine = (atSpace = false): void => {
      const space = atSpace ? pendingSpace : null;
      lines.push({
        pieces: space ? [...current, space.piece] : current,
        width,
        height: size * 1.42,
        trail: space ? space.width : 0,
      });
      current = [];
      width = 0;
      pendingSpace = null;
    };
    const queue = this.tokens(pieces);
    for (let i = 0; i < queue.length; i++) {
      const token = queue[i]!;
      if (token.kind === 'break') {
        endLine();
        continue;
      }
      if (token.kind === 'space') {
        if (current.length > 0) pendingSpace = token;
        continue;
      }
      if (token.width > max) {
        queue.splice(i + 1, 0, ...this.splitWord(token.parts, max));
        continue;
      }
      const spaceWidth = pendingSpace ? pendingSpace.width : 0;
      if (current.length > 0 && width + spaceWidth + token.width > max) endLine(true);
      if (current.length > 0 && pendingSpace) {
        current.push(pendingSpace.piece);
        width += pendingSpace.width;
      }
      pendingSpace = null;
      for (const p of token.parts) size = Math.max(size, p.style.size);
      current.push(...token.parts);
      width += token.width;
    }
    if (current.length > 0 || lines.length === 0) endLine();
    return lines;
  }

  /** Draws one line at the current position, right-aligned in a right-to-left release. */
  drawLine(line: Line, left: number, width: number, align?: 'left' | 'right' | 'center'): void {
    const doc = this.doc;
    const where = align ?? (this.rtl ? 'right' : 'left');
    // Right-aligned right-to-left text has the space it broke at on its left, outside the alignment.
    const right = left + width - line.width - (this.rtl ? line.trail : 0);
    let x = where === 'right' ? right : where === 'center' ? left + (width - line.width) / 2 : left;
    const text = line.pieces.map((p) => p.text).join('');
    // A line without right-to-left letters (a date, a URL) keeps its own order, also in a right-to-left release.
    const runs: { text: string; style: Style; rtl?: boolean }[] = hasRtlLetters(text)
      ? visualRuns(
          line.pieces.map((p) => ({ text: p.text, tag: p.style })),
          this.rtl ? 'rtl' : 'ltr',
        ).map((r) => ({ text: r.text, style: r.tag, rtl: r.rtl }))
      : mergeRuns(line.pieces);
    const baselineTop = this.y + (line.height - maxSize(line.pieces) * 1.2) / 2;
    for (const run of runs) {
      const w = this.measure(run.text, run.style);
      doc.font(FONT_NAMES[run.style.face]).fontSize(run.style.size).fillColor(run.style.color);
      if (run.rtl) {
        // Word by word from the right, each with the spaces after it: text readers (poppler) then find
        // the words in reading order, and the spaces where they belong next to numbers and Latin words.
        // Brackets are drawn mirrored (the shaper reverses the run but does not mirror them); text
        // readers then give the mirrored character (poppler ignores an actual text placed there).
        let right = x + w;
        for (const chunk of run.text.match(/ +|[^ ]+ */g) ?? []) {
          const shown = [...chunk].map((c) => mirrored(c) ?? c).join('');
          const cw = this.measure(shown, run.style);
          doc.text(shown, right - cw, baselineTop, { lineBreak: false });
          right -= cw;
        }
      } else doc.text(run.text, x, baselineTop, { lineBreak: false });
      if (run.style.href && run.text.trim() !== '') {
        const underline = baselineTop + run.style.size * 1.08;
        doc
          .moveTo(x, underline)
          .lineTo(x + w, underline)
          .lineWidth(0.5)
          .strokeColor(run.style.color)
          .stroke();
        doc.link(x, baselineTop, w, run.style.size * 1.2, run.style.href);
      }
      x += w;
    }
  }

  /** A block of text in the current box, line by line, over pages as needed. */
  paragraph(
    pieces: readonly Piece[],
    options: { after?: number; align?: 'left' | 'right' | 'center'; fixed?: boolean } = {},
  ): void {
    const lines = this.lines(pieces, this.width);
    for (const line of lines) {
      // Running headers and page numbers stand where they are put (outside the type area).
      if (!options.fixed) {
        this.ensure(line.height);
        this.countLine(line);
      }
      this.drawLine(line, this.left, this.width, options.align);
      this.y += line.height;
    }
    this.y += options.after ?? 0;
  }

  /**
   * Gives the line at the current position the next line number (the review
   * copy; nothing otherwise). Lines side by side (table cells) share one.
   */
  countLine(line: Line): void {
    const numbering = this.numbering;
    if (!numbering) return;
    const page = this.doc.bufferedPageRange().count - 1;
    const key = `${page}:${Math.round(this.y * 2)}`;
    if (numbering.taken.has(key)) return;
    numbering.taken.add(key);
    numbering.marks.push({ page, top: this.y, height: line.height, size: maxSize(line.pieces), n: numbering.next++ });
  }

  /** A block tagged as `tag` (P, H1, H2 …) under `parent`. */
  tagged(parent: StructElement, tag: string, draw: () => void): void {
    parent.add(struct(this.doc, tag, {}, draw));
  }

  /** Runs `draw` with the box indented by `by` points (on the right in a right-to-left release). */
  indented(by: number, draw: () => void): void {
    const { left, width } = this;
    if (!this.rtl) this.left = left + by;
    this.width = width - by;
    try {
      draw();
    } finally {
      this.left = left;
      this.width = width;
    }
  }
}

function maxSize(pieces: readonly Piece[]): number {
  return pieces.reduce((m, p) => Math.max(m, p.style.size), 0) || 10;
}

/** Neighbouring pieces of the same style as one run (a left-to-right line without right-to-left letters). */
function mergeRuns(pieces: readonly Piece[]): { text: string; style: Style }[] {
  const out: { text: string; style: Style }[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.style === p.style) last.text += p.text;
    else out.push({ text: p.text, style: p.style });
  }
  return out;
}

const BODY: Style = { face: 'regular', size: 10.5, color: COLORS.text };

/** The images the PDF shows, prepared with sharp: JPEG at print size, orientation applied, sRGB. */
export async function prepareImages(
  deps: PdfDeps,
  figures: readonly FigureAttrs[],
  options: PdfOptions,
): Promise<Map<string, PreparedImage>> {
  const ids = [...new Set(figures.map((f) => f.assetId))].filter((id) => deps.assets.find(id) !== null);
  const out = new Map<string, PreparedImage>();
  const sharp = await loadSharp();
  options.onProgress?.({ done: 0, total: ids.length });
  for (const [i, id] of ids.entries()) {
    checkCancelled(options.signal);
    const { path } = deps.assets.original(id);
    try {
      const { data, info } = await sharp(path, { limitInputPixels: ASSET_MAX_PIXELS, pages: 1 })
        .rotate()
        .resize({ width: PRINT_WIDTH_PX, withoutEnlargement: true })
        .toColourspace('srgb')
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      out.set(id, { data, width: info.width, height: info.height });
    } catch (error) {
      throw new PressdeskError('ASSET_CORRUPT', `The image ${id} cannot be read for the PDF.`, {
        assetId: id,
        reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown',
      });
    }
    options.onProgress?.({ done: i + 1, total: ids.length });
  }
  return out;
}

/** The office's logo as PNG (transparency kept), at most 600 px high; none when it is missing or unreadable. */
export async function prepareLogo(deps: PdfDeps, assetId: string | undefined): Promise<PreparedImage | null> {
  if (!assetId || !deps.assets.find(assetId)) return null;
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(deps.assets.original(assetId).path, {
      limitInputPixels: ASSET_MAX_PIXELS,
      pages: 1,
    })
      .rotate()
      .resize({ height: 600, width: 1800, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .png()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/**
 * The release as a PDF on the office's letterhead, from the same data as the
 * HTML bundle (`renderInputFor`): letterhead with logo, name, address and
 * contact; release number, date and, while it runs, the embargo on every
 * page; page numbers; fonts embedded; right-to-left releases set right to
 * left; tagged for accessibility (headings, paragraphs, lists, tables,
 * figures with their alt text, the document language; letterhead and page
 * numbers as artifacts). Preflight errors block it (EXPORT_BLOCKED) as they
 * block the export; a running embargo does not (the PDF carries it). The same
 * release version gives the same bytes.
 */
export async function releasePdf(deps: PdfDeps, releaseId: string, options: PdfOptions = {}): Promise<ReleasePdf> {
  const release = deps.releases.get(releaseId);
  const now = (options.now ?? new Date()).toISOString();
  // The PDF always carries a running embargo, so the embargo itself never blocks it.
  const findings = checkRelease(deps, release, { now, embargoed: true, related: [] });
  const embargoed = embargoRunning(release.embargoUntil, now);
  const settings = options.settings ?? deps.settings.exportSettings();
  const input = renderInputFor(deps, release, { settings, embargoed, stylesheet: '' });
  const figures = [...(release.leadImage ? [release.leadImage] : []), ...documentFigures(release.body)];
  const images = await prepareImages(deps, figures, options);
  checkCancelled(options.signal);
  const logo = await prepareLogo(deps, settings.office.logoAssetId);
  checkCancelled(options.signal);
  const contact = deps.settings.office()['office.contact'] ?? '';
  const bytes = await renderPdf(input, { images, logo, contact, embargoed });
  checkCancelled(options.signal);
  return {
    release,
    bytes: bytes.data,
    pages: bytes.pages,
    fileName: bundleFileName(release.headline, release.id, '.pdf'),
    embargoed,
    findings,
  };
}

export interface RenderExtras {
  readonly images: ReadonlyMap<string, PreparedImage>;
  readonly logo: PreparedImage | null;
  /** The office's contact line(s) for the letterhead. */
  readonly contact: string;
  readonly embargoed: boolean;
  /** Makes the PDF a review copy (draft line on every page, line numbers, the quotes for approval). */
  readonly review?: ReviewExtras;
}

/** What makes a PDF a review copy („Freigabeexemplar“). */
export interface ReviewExtras {
  /** The line every page carries: draft notice, version and date. */
  readonly banner: string;
  readonly words: ReviewCopyWords;
  readonly quotes: readonly ReviewCopyQuote[];
}

/** Page-number and running-header words in the release's language. */
function pageWords(language: string): { page: (n: number, of: number) => string; release: string } {
  if (isGerman(language)) return { page: (n, of) => `Seite ${n} von ${of}`, release: 'Pressemitteilung' };
  return { page: (n, of) => `Page ${n} of ${of}`, release: 'Press release' };
}

/** Draws the PDF of a render input (pure layout: the same input gives the same bytes). */
export async function renderPdf(input: RenderInput, extras: RenderExtras): Promise<{ data: Buffer; pages: number }> {
  // pdfkit is loaded by the first PDF: an engine that never writes one never loads it.
  const { default: PdfKit } = await import('pdfkit');
  return drawPdf(PdfKit, input, extras);
}

function drawPdf(
  PdfKit: typeof PDFDocument,
  input: RenderInput,
  extras: RenderExtras,
): Promise<{ data: Buffer; pages: number }> {
  const fonts = pdfFonts();
  const labels = labelsFor(input.language);
  const words = pageWords(input.language);
  const rtl = directionOf(input.language) === 'rtl';
  const stamp = new Date(input.updatedAt);
  const info = {
    Title: input.headline,
    Author: input.office.name,
    Subject: input.teaser,
    Keywords: input.tags.join(', '),
    Creator: 'Pressdesk',
    Producer: `Pressdesk ${PRESSDESK_VERSION}`,
    CreationDate: stamp,
    ModDate: stamp,
  };
  const documentOptions = {
    size: [PAGE.width, PAGE.height],
    // The layout is our own; pdfkit must never start a page because text runs into its margins.
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    tagged: true,
    lang: input.language,
    displayTitle: true,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    bufferPages: true,
    autoFirstPage: false,
    font: fonts.regular,
    info,
  };
  // PDF/UA and a font given as bytes are beyond pdfkit's type declarations, not beyond pdfkit.
  const doc = new PdfKit(documentOptions as unknown as PDFKit.PDFDocumentOptions);
  overrideXmp(doc, input, info);
  for (const face of Object.keys(FONT_NAMES) as FontFace[]) doc.registerFont(FONT_NAMES[face], fonts[face]);
  // The document's default font is the regular face already: pdfkit would recognise it by its name at
  // every switch back to it, parsing the font file anew each time, unless its registered name knows it.
  const cache = doc as unknown as { _fontFamilies: Record<string, unknown>; _font: unknown };
  cache._fontFamilies[FONT_NAMES.regular] = cache._font;
  doc.addPage();

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on('end', () => resolveDone(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const layout = new Layout(doc, rtl);

  layout.y = letterhead(layout, input, extras);
  layout.y += 6;

  // A review copy says so first, in a frame: draft, version and the moment it was made.
  if (extras.review) {
    framedNotice(layout, root, extras.review.banner, COLORS.draft);
    // Every line from here on is numbered, for the remarks of whoever approves it.
    layout.numbering = { next: 1, marks: [], taken: new Set(), quotes: [] };
  }

  // The embargo, prominent: a framed line above the headline.
  if (extras.embargoed && input.embargoUntil) framedNotice(layout, root, labels.embargo(input.embargoUntil));

  if (input.topic) {
    layout.tagged(root, 'P', () =>
      layout.paragraph(textPieces(input.topic.toUpperCase(), { face: 'bold', size: 9, color: COLORS.muted }), {
        after: 2,
      }),
    );
  }
  layout.tagged(root, 'H1', () =>
    layout.paragraph(textPieces(input.headline, { face: 'bold', size: 18, color: COLORS.text }), { after: 4 }),
  );
  if (input.subheadline) {
    layout.tagged(root, 'P', () =>
      layout.paragraph(textPieces(input.subheadline, { face: 'regular', size: 12.5, color: COLORS.muted }), {
        after: 4,
      }),
    );
  }
  const date = input.publishedAt ?? input.updatedAt;
  const metaLine = [input.dateline, formatPageDate(date, input.language), input.releaseNumber ?? '']
    .filter(Boolean)
    .join(', ');
  layout.tagged(root, 'P', () =>
    layout.paragraph(textPieces(metaLine, { face: 'regular', size: 9, color: COLORS.muted }), { after: 10 }),
  );
  if (input.teaser) {
    layout.tagged(root, 'P', () =>
      layout.paragraph(textPieces(input.teaser, { face: 'bold', size: 10.5, color: COLORS.text }), { after: 8 }),
    );
  }
  if (input.leadImage) figure(layout, root, input.leadImage, input, extras);

  for (const block of input.body.content) drawBlock(layout, root, block, input, extras);

  if (input.relatedLinks.length > 0) {
    heading(layout, root, labels.relatedLinks, 'H2');
    const list = doc.struct('L');
    root.add(list);
    for (const link of input.relatedLinks) {
      const href = safeHref(link.url);
      const style: Style = href ? { ...BODY, color: COLORS.link, href } : BODY;
      listItem(layout, list, '•', (lbody) =>
        layout.tagged(lbody, 'P', () => layout.paragraph([{ text: link.title || link.url, style }], { after: 2 })),
      );
    }
    list.end();
    layout.y += 6;
  }
  if (input.pressContact.trim()) {
    heading(layout, root, labels.pressContact, 'H2');
    layout.tagged(root, 'P', () => layout.paragraph(textPieces(input.pressContact.trim(), BODY), { after: 6 }));
  }
  if (input.boilerplate.trim()) {
    heading(layout, root, labels.about, 'H2');
    for (const para of input.boilerplate.trim().split(/\n{2,}/)) {
      layout.tagged(root, 'P', () =>
        layout.paragraph(textPieces(para, { ...BODY, size: 9.5, color: COLORS.muted }), { after: 4 }),
      );
    }
  }
  const numbering = layout.numbering;
  layout.numbering = null;
  if (extras.review && numbering) quoteList(layout, root, extras.review, numbering);
  root.end();

  // Running header and page numbers, once the number of pages is known: artifacts, not content.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.markContent('Artifact', { type: 'Pagination' });
    const save = { left: layout.left, width: layout.width, y: layout.y };
    layout.left = MARGIN.left;
    layout.width = CONTENT_WIDTH;
    if (extras.review) {
      layout.y = 16;
      layout.paragraph(textPieces(extras.review.banner, { face: 'bold', size: 8, color: COLORS.draft }), {
        align: 'center',
        fixed: true,
      });
      if (numbering) lineNumbers(layout, numbering, i);
    }
    if (i > 0) {
      const head = [input.office.name, input.releaseNumber ? `${words.release} ${input.releaseNumber}` : '']
        .filter(Boolean)
        .join(' · ');
      layout.y = MARGIN.top - 8;
      layout.paragraph(textPieces(head || input.headline, { face: 'regular', size: 8, color: COLORS.muted }), {
        fixed: true,
      });
      if (extras.embargoed && input.embargoUntil) {
        layout.paragraph(
          textPieces(labels.embargo(input.embargoUntil), { face: 'bold', size: 8, color: COLORS.embargo }),
          { fixed: true },
        );
      }
      doc
        .moveTo(MARGIN.left, CONTINUATION_TOP - 10)
        .lineTo(PAGE.width - MARGIN.right, CONTINUATION_TOP - 10)
        .lineWidth(0.5)
        .strokeColor(COLORS.rule)
        .stroke();
    }
    layout.y = PAGE.height - MARGIN.bottom + 24;
    layout.paragraph(textPieces(words.page(i + 1, range.count), { face: 'regular', size: 8, color: COLORS.muted }), {
      align: 'center',
      fixed: true,
    });
    Object.assign(layout, save);
    doc.endMarkedContent();
  }
  doc.end();
  return done.then((data) => ({ data, pages: range.count }));
}

/** A framed line of text in the type area (the embargo, the draft notice), tagged as a paragraph. */
function framedNotice(layout: Layout, root: StructElement, text: string, color = COLORS.embargo): void {
  const doc = layout.doc;
  const style: Style = { face: 'bold', size: 11, color };
  const top = layout.y;
  layout.tagged(root, 'P', () =>
    layout.indented(0, () => {
      layout.left += 8;
      layout.width -= 16;
      layout.y += 6;
      layout.paragraph(textPieces(text, style));
    }),
  );
  layout.y += 4;
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .rect(MARGIN.left, top, CONTENT_WIDTH, layout.y - top)
    .lineWidth(1.5)
    .strokeColor(color)
    .stroke();
  doc.endMarkedContent();
  layout.y += 12;
}

/** Ascent of the text face per point of size (DejaVu Sans), to set a line number on its line's baseline. */
const ASCENT = 0.928;
const NUMBER_SIZE = 7;

/** The line numbers of one page (inside its artifact), in the margin on the side the text starts. */
function lineNumbers(layout: Layout, numbering: LineNumbering, page: number): void {
  const doc = layout.doc;
  const style: Style = { face: 'regular', size: NUMBER_SIZE, color: COLORS.muted };
  doc.font(FONT_NAMES[style.face]).fontSize(style.size).fillColor(style.color);
  for (const mark of numbering.marks) {
    if (mark.page !== page) continue;
    const label = String(mark.n);
    const w = layout.measure(label, style);
    const baseline = mark.top + (mark.height - mark.size * 1.2) / 2 + ASCENT * mark.size;
    const x = layout.rtl ? PAGE.width - MARGIN.right + 14 : MARGIN.left - 14 - w;
    doc.text(label, x, baseline - ASCENT * NUMBER_SIZE, { lineBreak: false });
  }
}

/**
 * „Zitate zur Freigabe“ on a page of its own: each quote with its speaker,
 * function, text and approval state, and the lines it stands on in the text.
 */
function quoteList(layout: Layout, root: StructElement, review: ReviewExtras, numbering: LineNumbering): void {
  const doc = layout.doc;
  const words = review.words;
  layout.newPage();
  heading(layout, root, words.quotesTitle, 'H2');
  if (review.quotes.length === 0) {
    layout.tagged(root, 'P', () => layout.paragraph(textPieces(words.quotesNone, BODY), { after: 6 }));
    return;
  }
  const used = new Set<number>();
  const list = doc.struct('L');
  root.add(list);
  review.quotes.forEach((quote, i) => {
    // Where the quote stands: the first quote of the text with the same words not taken yet.
    const folded = foldQuoteText(quote.text);
    const at = numbering.quotes.findIndex((q, k) => !used.has(k) && foldQuoteText(quoteNodeText(q.node)) === folded);
    if (at >= 0) used.add(at);
    const where = at >= 0 ? words.lines(numbering.quotes[at]!.from, numbering.quotes[at]!.to) : words.notInText;
    const state = words.state[quote.state] ?? words.state.open;
    const who = [quote.speaker.trim() || words.speakerUnknown, quote.function.trim()].filter(Boolean).join(', ');
    const stateColor =
      quote.state === 'approved' ? COLORS.approved : quote.state === 'rejected' ? COLORS.embargo : COLORS.text;
    layout.ensure(BODY.size * 1.42 * 4);
    listItem(layout, list, `${i + 1}.`, (lbody) => {
      layout.tagged(lbody, 'P', () => layout.paragraph(textPieces(who, { ...BODY, face: 'bold' }), { after: 2 }));
      layout.tagged(lbody, 'P', () =>
        layout.paragraph(textPieces(quote.text, { ...BODY, face: 'italic' }), { after: 2 }),
      );
      layout.tagged(lbody, 'P', () =>
        layout.paragraph(
          [
            { text: `${words.stateLabel}: `, style: { ...BODY, size: 9.5, color: COLORS.muted } },
            { text: state, style: { face: 'bold', size: 9.5, color: stateColor } },
            { text: ` · ${where}`, style: { ...BODY, size: 9.5, color: COLORS.muted } },
          ],
          { after: 10 },
        ),
      );
    });
  });
  list.end();
}

/** The first page's letterhead (an artifact): logo, office name, address, contact, and a rule below. Returns where the content starts. */
function letterhead(layout: Layout, input: RenderInput, extras: RenderExtras): number {
  const doc = layout.doc;
  doc.markContent('Artifact', { type: 'Layout' });
  const top = MARGIN.top - 20;
  let logoBottom = top;
  const logoBox = { width: 150, height: 56 };
  let textWidth = CONTENT_WIDTH;
  if (extras.logo) {
    const scale = Math.min(logoBox.width / extras.logo.width, logoBox.height / extras.logo.height);
    const w = extras.logo.width * scale;
    const h = extras.logo.height * scale;
    // The logo stands on the outer side: right in a left-to-right release, left in a right-to-left one.
    const x = layout.rtl ? MARGIN.left : PAGE.width - MARGIN.right - w;
    doc.image(extras.logo.data, x, top, { width: w, height: h });
    logoBottom = top + h;
    textWidth = CONTENT_WIDTH - w - 16;
  }
  const save = { left: layout.left, width: layout.width };
  layout.left = layout.rtl ? PAGE.width - MARGIN.right - textWidth : MARGIN.left;
  layout.width = textWidth;
  layout.y = top;
  if (input.office.name)
    layout.paragraph(textPieces(input.office.name, { face: 'bold', size: 12, color: COLORS.text }));
  const small: Style = { face: 'regular', size: 8, color: COLORS.muted };
  const lines = [input.office.address ?? '', extras.contact, input.office.url ?? '']
    .flatMap((t) => t.split('\n'))
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 8);
  for (const line of lines) layout.paragraph(textPieces(line, small));
  layout.left = save.left;
  layout.width = save.width;
  const ruleY = Math.max(layout.y, logoBottom) + 8;
  doc
    .moveTo(MARGIN.left, ruleY)
    .lineTo(PAGE.width - MARGIN.right, ruleY)
    .lineWidth(0.75)
    .strokeColor(COLORS.rule)
    .stroke();
  doc.endMarkedContent();
  return ruleY + 10;
}

function heading(layout: Layout, parent: StructElement, text: string, tag: 'H2' | 'H3'): void {
  const size = tag === 'H2' ? 13 : 11.5;
  // A heading does not stand alone at the foot of a page.
  layout.ensure(size * 1.42 * 3);
  layout.y += 6;
  layout.tagged(parent, tag, () =>
    layout.paragraph(textPieces(text, { face: 'bold', size, color: COLORS.text }), { after: 4 }),
  );
}

/** One list item: its label (`•`, `3.`) and its body, tagged LI > Lbl + LBody. */
function listItem(layout: Layout, list: StructElement, label: string, body: (lbody: StructElement) => void): void {
  const doc = layout.doc;
  const item = doc.struct('LI');
  list.add(item);
  layout.ensure(BODY.size * 1.42);
  const indent = 18;
  const top = layout.y;
  item.add(
    struct(doc, 'Lbl', {}, () => {
      const style = BODY;
      const w = layout.measure(label, style);
      const x = layout.rtl ? layout.left + layout.width - indent + 4 : layout.left + indent - 6 - w;
      doc
        .font(FONT_NAMES[style.face])
        .fontSize(style.size)
        .fillColor(style.color)
        .text(label, x, top + (style.size * 1.42 - style.size * 1.2) / 2, { lineBreak: false });
    }),
  );
  const lbody = doc.struct('LBody');
  item.add(lbody);
  layout.indented(indent, () => body(lbody));
  lbody.end();
  item.end();
}

/** The blocks of a list item or quote, tagged under `parent`. */
function drawBlocks(
  layout: Layout,
  parent: StructElement,
  blocks: readonly BlockNode[],
  input: RenderInput,
  extras: RenderExtras,
): void {
  for (const b of blocks) drawBlock(layout, parent, b, input, extras);
}

function drawBlock(
  layout: Layout,
  parent: StructElement,
  block: BlockNode,
  input: RenderInput,
  extras: RenderExtras,
  style: Style = BODY,
): void {
  const doc = layout.doc;
  switch (block.type) {
    case 'paragraph': {
      if (!block.content || block.content.length === 0) return;
      layout.tagged(parent, 'P', () => layout.paragraph(inlinePieces(block.content, style), { after: 6 }));
      return;
    }
    case 'heading': {
      const tag = block.attrs.level === 3 ? 'H3' : 'H2';
      const size = tag === 'H2' ? 13 : 11.5;
      layout.ensure(size * 1.42 * 3);
      layout.y += 6;
      layout.tagged(parent, tag, () =>
        layout.paragraph(inlinePieces(block.content, { face: 'bold', size, color: COLORS.text }), { after: 4 }),
      );
      return;
    }
    case 'bulletList':
    case 'orderedList': {
      const list = doc.struct('L');
      parent.add(list);
      const start = block.type === 'orderedList' ? Math.max(0, Math.trunc(block.attrs?.start ?? 1)) : 1;
      block.content.forEach((item, i) => {
        const label = block.type === 'orderedList' ? `${start + i}.` : '•';
        // Inside the body the blocks are tagged under LBody, which listItem adds last.
        listItem(layout, list, label, (lbody) => drawBlocks(layout, lbody, item.content, input, extras));
      });
      list.end();
      layout.y += 2;
      return;
    }
    case 'blockquote': {
      const quote = doc.struct('BlockQuote');
      parent.add(quote);
      layout.indented(18, () =>
        block.content.forEach((b) => drawBlock(layout, quote, b, input, extras, { ...style, color: COLORS.muted })),
      );
      quote.end();
      return;
    }
    case 'quote': {
      const quote = doc.struct('BlockQuote');
      parent.add(quote);
      const top = layout.y;
      const startPage = doc.bufferedPageRange().count;
      const firstLine = layout.numbering?.next;
      layout.indented(18, () => {
        for (const p of block.content) drawBlock(layout, quote, p, input, extras, { ...style, face: 'italic' });
        if (block.attrs.speaker && !quoteNamesSpeaker(block)) {
          const by = [block.attrs.speaker, block.attrs.role].filter(Boolean).join(', ');
          layout.tagged(quote, 'P', () =>
            layout.paragraph(textPieces(`— ${by}`, { face: 'regular', size: 9.5, color: COLORS.muted }), {
              after: 6,
            }),
          );
        }
      });
      quote.end();
      if (layout.numbering && firstLine !== undefined && layout.numbering.next > firstLine)
        layout.numbering.quotes.push({ node: block, from: firstLine, to: layout.numbering.next - 1 });
      // A rule beside the statement (on the page it started on, as far as it goes there).
      if (doc.bufferedPageRange().count === startPage) {
        const x = layout.rtl ? layout.left + layout.width - 6 : layout.left + 6;
        doc.markContent('Artifact', { type: 'Layout' });
        doc
          .moveTo(x, top)
          .lineTo(x, layout.y - 6)
          .lineWidth(2)
          .strokeColor(COLORS.rule)
          .stroke();
        doc.endMarkedContent();
      }
      return;
    }
    case 'figure':
      figure(layout, parent, block.attrs, input, extras);
      return;
    case 'table':
      table(layout, parent, block, input);
      return;
  }
}

/** A figure: the image at the box's width (at most its print size), tagged with its alt text; caption and credit below. */
function figure(layout: Layout, parent: StructElement, f: FigureAttrs, input: RenderInput, extras: RenderExtras): void {
  const doc = layout.doc;
  const image = extras.images.get(f.assetId);
  if (!image) return;
  const maxHeight = (BOTTOM - CONTINUATION_TOP) * 0.6;
  const scale = Math.min(layout.width / image.width, maxHeight / image.height, 1);
  const w = image.width * scale;
  const h = image.height * scale;
  layout.ensure(h + 30);
  const x = layout.rtl ? layout.left + layout.width - w : layout.left;
  const draw = (): void => {
    doc.image(image.data, x, layout.y, { width: w, height: h });
  };
  const alt = f.decorative ? '' : f.alt;
  if (alt) {
    parent.add(struct(doc, 'Figure', { alt, bbox: [x, layout.y, x + w, layout.y + h], placement: 'Block' }, draw));
  } else {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  }
  layout.y += h + 4;
  const caption = captionWithCredit(f.caption, f.credit, input.office.creditStyle);
  if (caption) {
    layout.tagged(parent, 'Caption', () =>
      layout.paragraph(textPieces(caption, { face: 'regular', size: 8.5, color: COLORS.muted }), { after: 8 }),
    );
  } else layout.y += 8;
}

/** A table: equal columns, the header row bold and repeated on every page, tagged Table > TR > TH/TD. */
function table(
  layout: Layout,
  parent: StructElement,
  node: Extract<BlockNode, { type: 'table' }>,
  input: RenderInput,
): void {
  const doc = layout.doc;
  const rows = node.content;
  const columns = Math.max(1, ...rows.map((r) => r.content.length));
  const pad = 3;
  const colWidth = layout.width / columns;
  const cellStyle: Style = { face: 'regular', size: 8.5, color: COLORS.text };
  const headStyle: Style = { ...cellStyle, face: 'bold' };
  const tableEl = doc.struct('Table');
  parent.add(tableEl);
  void input;
  let headerRow: { lines: Line[][]; height: number } | null = null;
  /** The column headings again at the top of a page the table continues on (an artifact: they are tagged once). */
  const repeatHeader = (): void => {
    if (!headerRow) return;
    const top = layout.y;
    doc.markContent('Artifact', { type: 'Pagination' });
    headerRow.lines.forEach((lines, c) => {
      const col = layout.rtl ? columns - 1 - c : c;
      layout.y = top + pad;
      for (const line of lines) {
        layout.drawLine(line, layout.left + col * colWidth + pad, colWidth - 2 * pad);
        layout.y += line.height;
      }
    });
    doc.lineWidth(0.5).strokeColor(COLORS.rule);
    doc
      .moveTo(layout.left, top + headerRow.height)
      .lineTo(layout.left + layout.width, top + headerRow.height)
      .stroke();
    doc.endMarkedContent();
    layout.y = top + headerRow.height;
  };
  rows.forEach((row, r) => {
    const header = r === 0;
    const style = header ? headStyle : cellStyle;
    const cellLines = row.content.map((cell) => layout.lines(inlinePieces(cell.content, style), colWidth - 2 * pad));
    const height = Math.max(...cellLines.map((ls) => ls.reduce((s, l) => s + l.height, 0))) + 2 * pad;
    const usable = BOTTOM - CONTINUATION_TOP;
    if (height > usable) {
      // A row taller than a page: its cells one below the other, as paragraphs.
      const tr = doc.struct('TR');
      tableEl.add(tr);
      row.content.forEach((cell) => {
        tr.add(
          struct(doc, header ? 'TH' : 'TD', {}, () =>
            layout.paragraph(inlinePieces(cell.content, style), { after: 4 }),
          ),
        );
      });
      tr.end();
      return;
    }
    if (layout.y + height > BOTTOM) {
      layout.newPage();
      if (!header) repeatHeader();
    }
    if (header) headerRow = { lines: cellLines, height };
    const top = layout.y;
    const tr = doc.struct('TR');
    tableEl.add(tr);
    row.content.forEach((_, c) => {
      const col = layout.rtl ? columns - 1 - c : c;
      const left = layout.left + col * colWidth;
      tr.add(
        struct(doc, header ? 'TH' : 'TD', header ? { scope: 'Column' } : {}, () => {
          layout.y = top + pad;
          for (const line of cellLines[c]!) {
            layout.countLine(line);
            layout.drawLine(line, left + pad, colWidth - 2 * pad);
            layout.y += line.height;
          }
        }),
      );
    });
    tr.end();
    doc.markContent('Artifact', { type: 'Layout' });
    doc.lineWidth(0.5).strokeColor(COLORS.rule);
    doc
      .moveTo(layout.left, top + height)
      .lineTo(layout.left + layout.width, top + height)
      .stroke();
    if (header)
      doc
        .moveTo(layout.left, top)
        .lineTo(layout.left + layout.width, top)
        .stroke();
    doc.endMarkedContent();
    layout.y = top + height;
  });
  tableEl.end();
  layout.y += 8;
}

/**
 * The document's XMP metadata with every value escaped (pdfkit writes the
 * info values into the XML as they are), and the document's language.
 */
function overrideXmp(
  doc: Doc,
  input: RenderInput,
  info: {
    Title: string;
    Author: string;
    Subject: string;
    Keywords: string;
    Creator: string;
    Producer: string;
    CreationDate: Date;
  },
): void {
  const target = doc as unknown as { _addInfo: () => void; appendXML: (xml: string) => void };
  target._addInfo = () => {
    const date = `${info.CreationDate.toISOString().split('.')[0]}Z`;
    const lang = xml(input.language);
    target.appendXML(
      [
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        `<xmp:CreateDate>${date}</xmp:CreateDate>`,
        `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
        `<xmp:CreatorTool>${xml(info.Creator)}</xmp:CreatorTool>`,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.Title)}</rdf:li></rdf:Alt></dc:title>`,
        info.Author ? `<dc:creator><rdf:Seq><rdf:li>${xml(info.Author)}</rdf:li></rdf:Seq></dc:creator>` : '',
        info.Subject
          ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(info.Subject)}</rdf:li></rdf:Alt></dc:description>`
          : '',
        `<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>`,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        `<pdf:Producer>${xml(info.Producer)}</pdf:Producer>`,
        info.Keywords ? `<pdf:Keywords>${xml(info.Keywords)}</pdf:Keywords>` : '',
        '</rdf:Description>',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  };
}
