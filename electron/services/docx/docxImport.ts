import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import {
  clipText,
  documentToPlainText,
  FIGURE_LIMITS,
  type BlockNode,
  type DocumentNode,
  type FigureAttrs,
  type InlineNode,
  type ParagraphNode,
} from '../../../shared/document';
import { QUOTE_ATTR_MAX } from '../../../shared/document/types';
import { htmlToDocument } from '../../../shared/document/fromHtml';
import { ASSET_MAX_BYTES, ASSET_MAX_PIXELS, DEFAULT_LANGUAGE, type ReleaseFields } from '../../../shared/domain';
import { formatCredit, parseCredit } from '../../../shared/domain/credit';
import { PressdeskError } from '../../../shared/errors';
import { splitCaptionCredit } from '../archive/htmlRelease';
import type { AssetStore } from '../assets/assetStore';
import { loadSharp } from '../assets/sharp';
import { sniffImageType } from '../assets/sniff';
import type { ParsedRecord } from '../releases/interchange';
import { derivedReleaseId } from '../releases/releaseRepository';
import { ZipFormatError, ZipReader } from '../zip';

/**
 * Limits of a Word file. A .docx is a ZIP of XML parts and images that
 * mammoth unpacks whole in memory; every entry is therefore read first by
 * our own ZIP reader, which never unpacks more than an entry declares, and
 * the declared sizes are capped before anything is unpacked (a ZIP bomb is
 * refused from its directory alone).
 */
export const DOCX_LIMITS = {
  /** Largest .docx file (photos make Word files big). */
  maxFileBytes: 100 * 1024 * 1024,
  /** Most entries of its ZIP (a long release with photos has a few dozen). */
  maxEntries: 2_000,
  /** Most bytes all entries may unpack to. */
  maxUnpackedBytes: 300 * 1024 * 1024,
  /** Largest text part (word/document.xml): a 10,000-word release is about 2 MB. */
  maxDocumentXmlBytes: 40 * 1024 * 1024,
  /** Longest HTML the text becomes (the HTML import's page limit). */
  maxHtmlChars: 8_000_000,
  /** Most images read from one file; the rest are left out. */
  maxImages: 200,
} as const;

/** Word's names for the styles the release knows, in English and German (Word stores the name of the UI's language). */
const STYLE_MAP = [
  "p[style-name='Title'] => p.pd-title:fresh",
  "p[style-name='Titel'] => p.pd-title:fresh",
  "p[style-name='Subtitle'] => p.pd-subtitle:fresh",
  "p[style-name='Untertitel'] => p.pd-subtitle:fresh",
  "p[style-name='Teaser'] => p.pd-teaser:fresh",
  // Written by Pressdesk's own Word export: the topic line, and the embargo, number and date lines (not body text).
  "p[style-name='Topic'] => p.pd-topic:fresh",
  "p[style-name='Release Meta'] => p.pd-meta:fresh",
  "p[style-name='heading 1'] => h1:fresh",
  "p[style-name='Heading 1'] => h1:fresh",
  "p[style-name='Überschrift 1'] => h1:fresh",
  "p[style-name='Heading 2'] => h2:fresh",
  "p[style-name='Überschrift 2'] => h2:fresh",
  "p[style-name='Heading 3'] => h3:fresh",
  "p[style-name='Überschrift 3'] => h3:fresh",
  "p[style-name='Heading 4'] => h4:fresh",
  "p[style-name='Überschrift 4'] => h4:fresh",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Zitat'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Intensives Zitat'] => blockquote > p:fresh",
  "p[style-name='Caption'] => p.pd-caption:fresh",
  "p[style-name='Beschriftung'] => p.pd-caption:fresh",
];

/** An image found in the Word file, checked but not yet stored. */
interface FoundImage {
  readonly bytes: Uint8Array;
  readonly alt: string;
}

/** A Word file read as a release, with the images it places (stored only by `storeDocxImages`). */
export interface DocxRelease {
  readonly fields: ReleaseFields;
  /** The images by their index in `fields.body`'s figures (asset ids are placeholders until stored). */
  readonly images: readonly FoundImage[];
}

function invalid(name: string, why: string): PressdeskError {
  return new PressdeskError('IMPORT_DOCX_INVALID', `${basename(name)} is not a readable Word file: ${why}`);
}

/**
 * The parts of a .docx, each read through the ZIP reader within the limits,
 * packed again without compression for mammoth (whose own unzipping trusts
 * the sizes a ZIP declares).
 */
async function checkedPackage(
  name: string,
  bytes: Uint8Array,
): Promise<{ zip: Buffer; parts: Map<string, Uint8Array> }> {
  if (bytes.byteLength > DOCX_LIMITS.maxFileBytes)
    throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(name)} is larger than the Word import accepts.`);
  let reader: ZipReader;
  try {
    reader = await ZipReader.open(bytes, { maxEntries: DOCX_LIMITS.maxEntries });
  } catch (error) {
    if (error instanceof ZipFormatError && error.reason === 'entries')
      throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(name)} has more parts than the Word import accepts.`);
    throw invalid(name, 'it is no ZIP package (an old .doc file, a password-protected file, or damaged).');
  }
  const entries = reader.entries.filter((e) => !e.isDirectory);
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > DOCX_LIMITS.maxUnpackedBytes)
    throw new PressdeskError('IMPORT_TOO_LARGE', `${basename(name)} unpacks to more than the Word import accepts.`);
  const main = entries.find((e) => e.name === 'word/document.xml');
  if (!main || !entries.some((e) => e.name === '[Content_Types].xml'))
    throw invalid(name, 'it has no Word document inside.');
  if (main.size > DOCX_LIMITS.maxDocumentXmlBytes)
    throw new PressdeskError('IMPORT_TOO_LARGE', `The text of ${basename(name)} is longer than the import accepts.`);
  const parts = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.isEncrypted || entry.isSymlink) throw invalid(name, `the part ${entry.name.slice(0, 100)} is encrypted.`);
    if (entry.name.startsWith('/') || entry.name.split('/').includes('..'))
      throw invalid(name, `the part name ${entry.name.slice(0, 100)} is not allowed.`);
    if (parts.has(entry.name)) continue;
    try {
      parts.set(entry.name, await reader.read(entry));
    } catch (error) {
      if (error instanceof ZipFormatError) throw invalid(name, `the part ${entry.name.slice(0, 100)} is damaged.`);
      throw error;
    }
  }
  const tree: Zippable = {};
  for (const [part, data] of parts) tree[part] = [data, { level: 0 }];
  return { zip: Buffer.from(zipSync(tree)), parts };
}

/** The document's language from its default run properties ("de-DE" → "de"), else the default. */
function documentLanguage(parts: ReadonlyMap<string, Uint8Array>): string {
  const styles = parts.get('word/styles.xml');
  if (!styles) return DEFAULT_LANGUAGE;
  const xml = new TextDecoder().decode(styles.subarray(0, 200_000));
  const defaults = xml.indexOf('<w:docDefaults');
  if (defaults < 0) return DEFAULT_LANGUAGE;
  const m = /<w:lang\s(?:[^>]*\s)?w:val="([A-Za-z]{2,3})(?:-[A-Za-z0-9]{1,8})*"/.exec(
    xml.slice(defaults, defaults + 5000),
  );
  return m ? m[1]!.toLowerCase() : DEFAULT_LANGUAGE;
}

/** The text of `<p class="…">…</p>` paragraphs (mammoth never nests paragraphs), removed from the HTML. */
function takeParagraphs(html: string, className: string): { html: string; texts: string[] } {
  const open = `<p class="${className}">`;
  const texts: string[] = [];
  let out = '';
  let from = 0;
  for (;;) {
    const start = html.indexOf(open, from);
    if (start < 0) break;
    const end = html.indexOf('</p>', start);
    if (end < 0) break;
    out += html.slice(from, start);
    texts.push(documentToPlainText(htmlToDocument(html.slice(start + open.length, end))).trim());
    from = end + 4;
  }
  return { html: out + html.slice(from), texts };
}

/** Each `<img … src="pd-image-N" …>` becomes its token in the text: the HTML conversion keeps text, not images. */
function imagesToTokens(html: string, token: (n: number) => string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = html.indexOf('<img', from);
    if (start < 0) break;
    const end = html.indexOf('>', start);
    if (end < 0) break;
    const tag = html.slice(start, end);
    const src = /\ssrc="pd-image-(\d{1,6})"/.exec(tag);
    out += html.slice(from, start) + (src ? token(Number(src[1])) : '');
    from = end + 1;
  }
  return out + html.slice(from);
}

function paragraphText(p: ParagraphNode): string {
  return (p.content ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

/** The paragraph without the image tokens; null when nothing but space is left. */
function withoutTokens(p: ParagraphNode, tokens: RegExp): ParagraphNode | null {
  const content: InlineNode[] = [];
  for (const n of p.content ?? []) {
    if (n.type !== 'text') content.push(n);
    else {
      const text = n.text.replace(tokens, '');
      if (text) content.push({ ...n, text });
    }
  }
  const text = content.map((n) => (n.type === 'text' ? n.text : '')).join('');
  return text.trim() ? { type: 'paragraph', content } : null;
}

/** Every text of the blocks without image tokens and caption marks (what is left where no figure could stand). */
function stripTokens(blocks: readonly BlockNode[], tokens: RegExp, captionMark: string): BlockNode[] {
  const inline = (content: readonly InlineNode[] | undefined): InlineNode[] | undefined =>
    content
      ?.map((n) => (n.type === 'text' ? { ...n, text: n.text.replace(tokens, '').replaceAll(captionMark, '') } : n))
      .filter((n) => n.type !== 'text' || n.text !== '');
  const walk = (block: BlockNode): BlockNode => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        return { ...block, content: inline(block.content) };
      case 'bulletList':
      case 'orderedList':
        return { ...block, content: block.content.map((item) => ({ ...item, content: item.content.map(walk) })) };
      case 'blockquote':
        return { ...block, content: block.content.map(walk) };
      case 'quote':
        return { ...block, content: block.content.map((p) => ({ ...p, content: inline(p.content) })) };
      case 'table':
        return {
          ...block,
          content: block.content.map((row) => ({
            ...row,
            content: row.content.map((cell) => ({ ...cell, content: inline(cell.content) })),
          })),
        };
      case 'figure':
        return block;
    }
  };
  return blocks.map(walk);
}

/** `text` without the given characters (and spaces) at its end; a loop, not a backtracking pattern. */
function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && (chars.includes(text[end - 1]!) || /\s/.test(text[end - 1]!))) end -= 1;
  return text.slice(0, end).trim();
}

/**
 * A quote whose last line names its speaker („— Name, Rolle“, as the Word
 * export writes it) becomes a statement of that person; other quotes stay.
 */
function quoteWithSpeaker(block: BlockNode): BlockNode {
  if (block.type !== 'blockquote' || block.content.length < 2) return block;
  const paragraphs = block.content.filter((b): b is ParagraphNode => b.type === 'paragraph');
  if (paragraphs.length !== block.content.length) return block;
  const last = paragraphText(paragraphs[paragraphs.length - 1]!).trim();
  if (!last.startsWith('— ') || last.length > QUOTE_ATTR_MAX * 2 || last.includes('\n')) return block;
  const by = last.slice(2).trim();
  const comma = by.indexOf(',');
  const speaker = (comma < 0 ? by : by.slice(0, comma)).trim();
  const role = comma < 0 ? '' : by.slice(comma + 1).trim();
  if (!speaker || speaker.length > QUOTE_ATTR_MAX || role.length > QUOTE_ATTR_MAX) return block;
  return { type: 'quote', attrs: { speaker, role }, content: paragraphs.slice(0, -1) };
}

/** Caption and credit of the paragraph after an image, when it is one: Word's caption style, or a short line with a credit („Foto: …“, „©“). */
function captionOf(
  block: BlockNode | undefined,
  captionMark: string,
): { caption: string; credit: string; creditRaw: string } | null {
  if (block?.type !== 'paragraph') return null;
  let text = paragraphText(block).replace(/\s+/g, ' ').trim();
  const styled = text.startsWith(captionMark);
  if (styled) text = text.slice(captionMark.length).trim();
  if (!styled && text.length > 300) return null;
  const split = splitCaptionCredit(text);
  if (!split && !styled) return null;
  const caption = trimEndOf(split ? split.caption : text, ' (–-');
  const creditRaw = split ? split.credit.replace(/\)\s*$/, '').trim() : '';
  const credit = creditRaw ? formatCredit(parseCredit(creditRaw)) : '';
  return {
    caption: clipText(caption, FIGURE_LIMITS.caption),
    credit,
    creditRaw: clipText(creditRaw, FIGURE_LIMITS.creditRaw),
  };
}

/**
 * Reads a Word file (.docx) as a release through mammoth and the one HTML
 * conversion of paste and HTML import: the Title style (or else the first
 * heading) becomes the headline, Subtitle the subheadline, the Teaser style
 * the teaser; headings, lists, bold, italic, links and quotes stay; each
 * image becomes a figure, with caption and credit from the paragraph after
 * it when that is a caption. Images linked from elsewhere are never fetched.
 * Nothing is stored here: see `storeDocxImages`.
 */
export async function readDocx(name: string, bytes: Uint8Array): Promise<DocxRelease> {
  // mammoth is loaded by the first Word file: an engine that reads none never loads it.
  const { default: mammoth } = await import('mammoth');
  const { zip, parts } = await checkedPackage(name, bytes);
  const found: FoundImage[] = [];
  let result: { value: string };
  try {
    result = await mammoth.convertToHtml(
      { buffer: zip },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(async (image) => {
          if (found.length >= DOCX_LIMITS.maxImages) return { src: '' };
          let data: Buffer;
          try {
            data = await image.readAsBuffer();
          } catch {
            // A linked image (outside the file) or a missing part: never fetched, left out.
            return { src: '' };
          }
          const alt = (image as { altText?: string }).altText ?? '';
          found.push({ bytes: new Uint8Array(data), alt: clipText(alt.trim(), FIGURE_LIMITS.alt) });
          return { src: `pd-image-${found.length - 1}` };
        }),
      },
    );
  } catch (error) {
    if (error instanceof PressdeskError) throw error;
    // The reader's own words go to the details, not into the sentence a user reads.
    const reason = error instanceof Error ? error.message.slice(0, 200) : '';
    throw new PressdeskError(
      'IMPORT_DOCX_INVALID',
      `${basename(name)} is not a readable Word file: its XML or its relationships are broken.`,
      { reason },
    );
  }
  let html = result.value;
  if (html.length > DOCX_LIMITS.maxHtmlChars)
    throw new PressdeskError('IMPORT_TOO_LARGE', `The text of ${basename(name)} is longer than the import accepts.`);

  // Tokens that no text of the file can forge: each import draws its own.
  const nonce = randomBytes(6).toString('hex');
  const token = (n: number): string => `\u27e6${nonce}:${n}\u27e7`;
  const tokens = new RegExp(`\u27e6${nonce}:(\\d{1,6})\u27e7`, 'g');
  const captionMark = `\u27e6${nonce}:caption\u27e7`;
  html = imagesToTokens(html, token).replaceAll('<p class="pd-caption">', `<p>${captionMark}`);
  const title = takeParagraphs(html, 'pd-title');
  const subtitle = takeParagraphs(title.html, 'pd-subtitle');
  const teaser = takeParagraphs(subtitle.html, 'pd-teaser');
  const topic = takeParagraphs(teaser.html, 'pd-topic');
  const meta = takeParagraphs(topic.html, 'pd-meta');
  const body = htmlToDocument(meta.html);

  let headline = title.texts.find(Boolean) ?? '';
  const blocks: BlockNode[] = body.content.map(quoteWithSpeaker);
  if (!headline) {
    const first = blocks.findIndex((b) => b.type === 'heading');
    const fallback = first >= 0 ? first : blocks.findIndex((b) => b.type === 'paragraph' && paragraphText(b).trim());
    const candidate = fallback >= 0 ? blocks[fallback]! : null;
    const text = candidate
      ? documentToPlainText({ type: 'doc', content: [candidate] })
          .replace(tokens, '')
          .trim()
      : '';
    if (text && (candidate?.type === 'heading' || text.length <= 300)) {
      headline = text;
      blocks.splice(fallback, 1);
    }
  }

  // Figures where the images stood, each with the caption that follows it.
  const out: BlockNode[] = [];
  const images: FoundImage[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.type !== 'paragraph') {
      out.push(block);
      continue;
    }
    const text = paragraphText(block);
    const placed = [...text.matchAll(tokens)].map((m) => found[Number(m[1])]).filter((f) => f !== undefined);
    const rest = withoutTokens(block, tokens);
    if (placed.length === 0) {
      const cleaned = text.startsWith(captionMark) ? withoutTokens(block, new RegExp(captionMark, 'g')) : rest;
      if (cleaned) out.push(cleaned);
      continue;
    }
    if (rest) out.push(rest);
    const caption = captionOf(blocks[i + 1], captionMark);
    if (caption) i += 1;
    for (const image of placed) {
      const attrs: FigureAttrs = {
        assetId: `pending-${images.length}`,
        caption: caption?.caption ?? '',
        credit: caption?.credit ?? '',
        creditRaw: caption?.creditRaw ?? '',
        alt: image.alt,
        decorative: false,
      };
      images.push(image);
      out.push({ type: 'figure', attrs });
    }
  }
  // Images inside lists, quotes and tables are not figures of the release: their tokens go.
  const document: DocumentNode = {
    type: 'doc',
    content: out.length > 0 ? stripTokens(out, tokens, captionMark) : [{ type: 'paragraph' }],
  };
  if (!headline.trim() || (documentToPlainText(document).trim().length === 0 && images.length === 0))
    throw new PressdeskError('IMPORT_NO_CONTENT', `${basename(name)} has no headline or text.`);

  const fields: ReleaseFields = {
    topic: clipText(topic.texts.find(Boolean) ?? '', 200),
    headline: clipText(headline.replace(/\s+/g, ' ').trim(), 500),
    subheadline: clipText(subtitle.texts.filter(Boolean).join(' '), 500),
    teaser: clipText(teaser.texts.filter(Boolean).join('\n'), 5000),
    dateline: '',
    body: document,
    language: documentLanguage(parts),
    status: 'draft',
    publishedAt: null,
    embargoUntil: null,
    tags: [],
    pressContact: '',
    boilerplate: '',
    relatedLinks: [],
    relatedReleaseIds: [],
    releaseNumber: '',
    leadImage: null,
  };
  return { fields, images };
}

/**
 * The images of a Word file checked as the asset store checks them, before
 * any is stored: a type the store does not take (Word's EMF/WMF drawings,
 * SVG) is left out with its figure; a damaged image, or one with too many
 * pixels, refuses the file.
 */
async function checkedImages(images: readonly FoundImage[]): Promise<(FoundImage | null)[]> {
  const sharp = await loadSharp();
  const out: (FoundImage | null)[] = [];
  for (const image of images) {
    if (image.bytes.byteLength === 0 || !sniffImageType(image.bytes)) {
      out.push(null);
      continue;
    }
    if (image.bytes.byteLength > ASSET_MAX_BYTES)
      throw new PressdeskError('ASSET_TOO_LARGE', 'An image of the Word file is larger than Pressdesk accepts.');
    let width = 0;
    let height = 0;
    try {
      const meta = await sharp(image.bytes, { limitInputPixels: false, pages: 1 }).metadata();
      width = meta.width ?? 0;
      height = meta.height ?? 0;
    } catch {
      throw new PressdeskError('ASSET_CORRUPT', 'An image of the Word file is damaged.');
    }
    if (!width || !height) throw new PressdeskError('ASSET_CORRUPT', 'An image of the Word file has no readable size.');
    if (width * height > ASSET_MAX_PIXELS)
      throw new PressdeskError(
        'ASSET_TOO_MANY_PIXELS',
        'An image of the Word file has more pixels than Pressdesk accepts.',
        {
          width,
          height,
        },
      );
    out.push(image);
  }
  return out;
}

/**
 * Stores the images of a read Word file through the asset store and puts
 * their ids into the figures (figures whose image was left out go, their
 * caption stays as a paragraph). Without a store, images are left out the
 * same way. The release's id follows from its content, so importing the
 * same file again updates the same release.
 */
export async function docxRecord(
  name: string,
  read: DocxRelease,
  assets: AssetStore | undefined,
): Promise<ParsedRecord> {
  const checked = assets ? await checkedImages(read.images) : read.images.map(() => null);
  const ids: (string | null)[] = [];
  for (const [i, image] of checked.entries()) {
    if (!image || !assets) {
      ids.push(null);
      continue;
    }
    const ext = sniffImageType(image.bytes)?.split('/')[1] ?? 'img';
    const stem = basename(name, extname(name)).slice(0, 80);
    const asset = await assets.importBytes(image.bytes, `${stem}-${i + 1}.${ext === 'jpeg' ? 'jpg' : ext}`);
    ids.push(asset.id);
  }
  const content: BlockNode[] = [];
  for (const block of read.fields.body.content) {
    if (block.type !== 'figure' || !block.attrs.assetId.startsWith('pending-')) {
      content.push(block);
      continue;
    }
    const id = ids[Number(block.attrs.assetId.slice('pending-'.length))];
    if (id) {
      const asset = assets?.find(id);
      content.push({
        type: 'figure',
        attrs: { ...block.attrs, assetId: id, alt: block.attrs.alt || asset?.alt || '' },
      });
    } else {
      const text = [block.attrs.caption, block.attrs.creditRaw].filter(Boolean).join(' – ');
      if (text) content.push({ type: 'paragraph', content: [{ type: 'text', text }] });
    }
  }
  const fields: ReleaseFields = {
    ...read.fields,
    body: { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] },
  };
  return { id: derivedReleaseId(fields), fields };
}
