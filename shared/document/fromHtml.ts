import { hasChildren, isTag, isText, type ChildNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import {
  QUOTE_ATTR_MAX,
  TABLE_LIMITS,
  type ParagraphNode,
  type BlockNode,
  type DocumentNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type TableCellNode,
  type TableNode,
  type TableRowNode,
} from './types';
import { isSafeHref } from './links';
import { documentToPlainText } from './text';
import { normalizeDocument } from './validate';

/**
 * HTML → body document: the one conversion behind pasting into the editor
 * and every HTML import (a release's `bodyHtml`, web pages, Word's HTML). It
 * runs in the engine and in the page alike (htmlparser2, no DOM, no Node), and
 * trusts nothing: what the vocabulary cannot hold is dropped, the result is
 * checked by normalizeDocument.
 */

/** Elements dropped together with everything inside them. */
const DROPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'button',
  'select',
  'textarea',
  'input',
  'option',
  'form',
  'canvas',
  'video',
  'audio',
  'source',
  'track',
  'img',
  'picture',
  'figure',
  'map',
  'area',
  'dialog',
  'nav',
  'aside',
  'xml',
  'o:p',
]);

/** A page's own header and footer (outside the text of an article or its main part) are page furniture. */
const PAGE_FURNITURE = new Set(['header', 'footer']);

/** Class or id names of advertising, sharing and newsletter boxes on news pages. */
const FURNITURE =
  /(?:^|[\s_-])(?:ad|ads|advert|advertisement|anzeige|banner|promo|sponsor|social|share|sharing|newsletter|cookie|consent|paywall|related|recommend(?:ed|ations)?|comments?)(?:$|[\s_-])/i;

/** Elements that end the current paragraph. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'address',
  'center',
  'dl',
  'dd',
  'dt',
  'figcaption',
  'details',
  'summary',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'hr',
  'body',
  'html',
  'hgroup',
  'fieldset',
  'legend',
]);

/** Structural nesting (lists, quotes) deeper than this is flattened into paragraphs. */
const MAX_STRUCTURE_DEPTH = 8;
/** Element nesting deeper than this is read as plain text. */
const MAX_ELEMENT_DEPTH = 200;

interface Segment {
  readonly text: string;
  readonly marks: readonly Mark[];
}
type Piece = Segment | 'break';

/** Collects inline pieces and turns them into blocks at block boundaries. */
class BlockBuilder {
  readonly blocks: BlockNode[] = [];
  private pieces: Piece[] = [];

  text(text: string, marks: readonly Mark[]): void {
    if (text) this.pieces.push({ text, marks });
  }

  hardBreak(): void {
    this.pieces.push('break');
  }

  /** Ends the current paragraph, if it has any content. */
  flush(): void {
    const content = collapseInline(this.pieces);
    this.pieces = [];
    if (content.length > 0) this.blocks.push({ type: 'paragraph', content });
  }

  block(block: BlockNode): void {
    this.flush();
    this.blocks.push(block);
  }

  /** The inline content so far, consumed (for headings and list items). */
  takeInline(): InlineNode[] {
    const content = collapseInline(this.pieces);
    this.pieces = [];
    return content;
  }
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const NBSP = '\u00a0';

/**
 * HTML whitespace rules, and Word's: runs of spaces, line breaks and no-break
 * spaces become one space; a single no-break space ("24 Mio.") stays.
 */
function collapseSpaces(text: string): string {
  return text.replace(/[\t\n\r\f \u00a0]{2,}|[\t\n\r\f]/g, ' ');
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === NBSP;

/** Inline content from pieces: spaces collapsed, none at line starts or ends, neighbours with equal marks joined. */
function collapseInline(pieces: readonly Piece[]): InlineNode[] {
  const out: InlineNode[] = [];
  let atLineStart = true;
  for (const piece of pieces) {
    if (piece === 'break') {
      trimTrailingSpace(out);
      if (out.length > 0) out.push({ type: 'hardBreak' });
      atLineStart = true;
      continue;
    }
    let text = collapseSpaces(piece.text);
    if (atLineStart && isSpace(text[0])) text = text.slice(1);
    if (!text) continue;
    let last = out[out.length - 1];
    if (last?.type === 'text' && isSpace(last.text[last.text.length - 1]) && isSpace(text[0])) {
      // Two runs of space meet: one plain space.
      text = text.slice(1);
      last = { ...last, text: `${last.text.slice(0, -1)} ` };
      out[out.length - 1] = last;
    }
    if (!text) continue;
    atLineStart = false;
    const marks = piece.marks;
    if (last?.type === 'text' && sameMarks(last.marks ?? [], marks)) {
      out[out.length - 1] = { ...last, text: last.text + text };
    } else {
      out.push(marks.length > 0 ? { type: 'text', text, marks: [...marks] } : { type: 'text', text });
    }
  }
  trimTrailingSpace(out);
  while (out[out.length - 1]?.type === 'hardBreak') out.pop();
  return out;
}

function trimTrailingSpace(out: InlineNode[]): void {
  const last = out[out.length - 1];
  if (last?.type !== 'text' || !isSpace(last.text[last.text.length - 1])) return;
  const text = last.text.slice(0, -1);
  if (text) out[out.length - 1] = { ...last, text };
  else out.pop();
}

function withMark(marks: readonly Mark[], mark: Mark): Mark[] {
  if (marks.some((m) => m.type === mark.type)) return [...marks];
  return [...marks, mark].sort((a, b) => a.type.localeCompare(b.type));
}

function withoutMark(marks: readonly Mark[], type: Mark['type']): Mark[] {
  return marks.filter((m) => m.type !== type);
}

/**
 * An element's inline style as property → value (lower case). Properties are
 * matched whole: Word's `mso-bidi-font-weight:normal` is not `font-weight`.
 */
function cssDeclarations(el: Element): Map<string, string> {
  const out = new Map<string, string>();
  const style = el.attribs.style;
  if (!style) return out;
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    out.set(
      part.slice(0, colon).trim().toLowerCase(),
      part
        .slice(colon + 1)
        .trim()
        .toLowerCase(),
    );
  }
  return out;
}

/** Bold/italic as Word and Google Docs express them in inline styles. */
function styleMarks(el: Element, marks: readonly Mark[]): Mark[] {
  const css = cssDeclarations(el);
  let next = [...marks];
  const weight = /^[a-z0-9]+/.exec(css.get('font-weight') ?? '')?.[0];
  if (weight) {
    if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) next = withMark(next, { type: 'bold' });
    else if (weight === 'normal' || weight === 'lighter' || Number(weight) < 600) next = withoutMark(next, 'bold');
  }
  const fontStyle = /^[a-z]+/.exec(css.get('font-style') ?? '')?.[0];
  if (fontStyle === 'italic' || fontStyle === 'oblique') next = withMark(next, { type: 'italic' });
  else if (fontStyle === 'normal') next = withoutMark(next, 'italic');
  return next;
}

/** Google's redirect links (google.com/url?q=…) point at the real address. */
function realHref(href: string): string {
  try {
    const url = new URL(href);
    if (/(?:^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url') {
      return url.searchParams.get('q') ?? href;
    }
  } catch {
    // not a URL: the safety check drops it
  }
  return href;
}

/** Never dropped for their class or id: the page, its text, and headings ("has-comments", "ad-free"). */
const NEVER_FURNITURE = new Set(['html', 'body', 'main', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

function isFurniture(el: Element): boolean {
  if (NEVER_FURNITURE.has(el.name)) return false;
  const names = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  return names.trim() !== '' && FURNITURE.test(names);
}

function textContent(node: ChildNode): string {
  const parts: string[] = [];
  const stack: ChildNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isText(n)) parts.push(n.data);
    else if (hasChildren(n) && !(isTag(n) && DROPPED.has(n.name))) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return parts.join(' ');
}

/** Elements that show a table cell lays out a page rather than holding a value. */
const LAYOUT_IN_CELL = new Set([
  'table',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'figure',
]);

function hasLayout(el: Element, depth: number): boolean {
  if (depth > 20) return true;
  return el.children.some(
    (c) => isTag(c) && (LAYOUT_IN_CELL.has(c.name) || wordListParagraph(c) !== null || hasLayout(c, depth + 1)),
  );
}

/** A paragraph of a Word list: its level and the bullet or number Word wrote before the text. */
interface WordListParagraph {
  readonly el: Element;
  readonly level: number;
  /** The `mso-list:Ignore` span holding the marker, if Word wrote one. */
  readonly markerSpan: Element | null;
}

/**
 * The bullet or number Word writes in front of a list paragraph's text (Symbol's ·, Courier's o,
 * Wingdings' §, 1., a), iv.), with the spaces that indent the text after it.
 */
const WORD_MARKER_TEXT = /^(?:[·•o§▪■◦○●\u2013*-]|\d{1,3}[.)]|[a-z][.)]|[ivxlc]{1,6}[.)])[ \u00a0]+/i;

function findMarkerSpan(el: Element, depth = 0): Element | null {
  if (depth > 4) return null;
  for (const child of el.children) {
    if (!isTag(child)) continue;
    if (/^ignore$/i.test(cssDeclarations(child).get('mso-list') ?? '')) return child;
    const inner = findMarkerSpan(child, depth + 1);
    if (inner) return inner;
  }
  return null;
}

/** Whether `node` is a paragraph of a Word list (`MsoListParagraph…` class or an `mso-list: l0 level1` style). */
function wordListParagraph(node: ChildNode): WordListParagraph | null {
  if (!isTag(node) || node.name !== 'p') return null;
  const msoList = cssDeclarations(node).get('mso-list') ?? '';
  const level = /\blevel(\d{1,2})\b/.exec(msoList);
  const listClass = /\bMsoListParagraph/i.test(node.attribs.class ?? '');
  if (!level && !listClass) return null;
  const markerSpan = findMarkerSpan(node);
  if (!level && !markerSpan && !WORD_MARKER_TEXT.test(textContent(node).trimStart())) return null;
  return { el: node, level: level ? Math.min(Number(level[1]), MAX_STRUCTURE_DEPTH) : 1, markerSpan };
}

/** Text, comments and Word's `<![if …]>` between the paragraphs of one list. */
function isGap(node: ChildNode): boolean {
  if (isText(node)) return node.data.trim() === '';
  return !isTag(node);
}

interface OpenList {
  readonly level: number;
  readonly ordered: boolean;
  readonly start: number;
  readonly items: { content: BlockNode[] }[];
}

function closeList(list: OpenList): BlockNode {
  const content: ListItemNode[] = list.items.map((item) => ({ type: 'listItem', content: item.content }));
  return list.ordered
    ? { type: 'orderedList', attrs: { start: list.start }, content }
    : { type: 'bulletList', content };
}

class Converter {
  /** How many article or main elements enclose the current node: their header and footer belong to the text. */
  private inArticle = 0;
  /** Word's list markers, read by the list and skipped in its text. */
  private readonly skipped = new WeakSet<Element>();

  walk(nodes: readonly ChildNode[], out: BlockBuilder, marks: readonly Mark[], depth: number, structure: number): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const first = structure < MAX_STRUCTURE_DEPTH ? wordListParagraph(node) : null;
      if (first) {
        // A run of Word list paragraphs, with only spaces and comments between them, is one list.
        const run = [first];
        let end = i;
        for (let j = i + 1; j < nodes.length; j++) {
          const next = nodes[j]!;
          if (isGap(next)) continue;
          const item = wordListParagraph(next);
          if (!item) break;
          run.push(item);
          end = j;
        }
        for (const list of this.wordList(run, marks, depth + 1, structure + 1)) out.block(list);
        i = end;
        continue;
      }
      this.node(node, out, marks, depth, structure);
    }
  }

  /** Word's list paragraphs as real lists, nested by their levels; the markers and indent spaces go. */
  private wordList(
    run: readonly WordListParagraph[],
    marks: readonly Mark[],
    depth: number,
    structure: number,
  ): BlockNode[] {
    const result: BlockNode[] = [];
    const stack: OpenList[] = [];
    const closeTop = (): void => {
      const node = closeList(stack.pop()!);
      const parent = stack[stack.length - 1];
      if (parent) parent.items[parent.items.length - 1]!.content.push(node);
      else result.push(node);
    };
    for (const item of run) {
      const inner = new BlockBuilder();
      let marker = item.markerSpan ? textContent(item.markerSpan).trim() : '';
      if (item.markerSpan) this.skipped.add(item.markerSpan);
      this.walk(item.el.children, inner, styleMarks(item.el, marks), depth + 1, structure);
      const content = inner.takeInline();
      const head = content[0];
      if (!item.markerSpan && head?.type === 'text') {
        // No marker span (some Word versions, HTML saved again elsewhere): the bullet or number starts the text.
        const found = WORD_MARKER_TEXT.exec(head.text);
        if (found) {
          marker = found[0].trim();
          const rest = head.text.slice(found[0].length);
          if (rest) content[0] = { ...head, text: rest };
          else content.shift();
        }
      }
      const number = /^(\d{1,6})[.)]$/.exec(marker);
      const ordered = number !== null || /^[a-z]{1,6}[.)]$/i.test(marker);
      const level = item.level;
      // A shallower level closes the lists below it; a list of the other kind on the same level ends there.
      while (stack.length > 0 && stack[stack.length - 1]!.level > level) closeTop();
      const top = stack[stack.length - 1];
      if (top && top.level === level && top.ordered !== ordered) closeTop();
      let list = stack[stack.length - 1];
      if (!list || list.level < level) {
        // A deeper level opens a list inside the last item.
        list = { level, ordered, start: number ? Number(number[1]) : 1, items: [] };
        stack.push(list);
      }
      const paragraph: BlockNode = content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
      list.items.push({ content: [paragraph, ...inner.blocks] });
    }
    while (stack.length > 0) closeTop();
    return result;
  }

  private node(node: ChildNode, out: BlockBuilder, marks: readonly Mark[], depth: number, structure: number): void {
    if (isText(node)) {
      out.text(node.data, marks);
      return;
    }
    if (!isTag(node)) return; // comments, CDATA, processing instructions
    const el = node;
    const tag = el.name.toLowerCase();
    if (DROPPED.has(tag) || tag.includes(':') || isFurniture(el) || this.skipped.has(el)) return;
    if (PAGE_FURNITURE.has(tag) && this.inArticle === 0) return;
    if (depth > MAX_ELEMENT_DEPTH) {
      out.text(textContent(el), marks);
      return;
    }
    const next = depth + 1;
    const styled = styleMarks(el, marks);
    switch (tag) {
      case 'br':
        out.hardBreak();
        return;
      case 'b':
      case 'strong':
        this.walk(el.children, out, styleMarks(el, withMark(marks, { type: 'bold' })), next, structure);
        return;
      case 'i':
      case 'em':
      case 'cite':
      case 'dfn':
        this.walk(el.children, out, styleMarks(el, withMark(marks, { type: 'italic' })), next, structure);
        return;
      case 'a': {
        const href = realHref((el.attribs.href ?? '').trim());
        const linked = isSafeHref(href) ? withMark(styled, { type: 'link', attrs: { href } }) : styled;
        this.walk(el.children, out, linked, next, structure);
        return;
      }
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        out.flush();
        const inner = new BlockBuilder();
        this.walkInline(el.children, inner, styled, next);
        const level = tag === 'h1' || tag === 'h2' ? 2 : 3;
        const content = inner.takeInline();
        if (inner.blocks.length > 0) {
          // An unclosed heading swallowed paragraphs (broken pages): its first line stays the heading.
          const [first, ...rest] = inner.blocks;
          if (first?.type === 'paragraph' && first.content)
            out.block({ type: 'heading', attrs: { level }, content: first.content });
          else if (first) out.block(first);
          rest.forEach((b) => out.block(b));
          if (content.length > 0) out.block({ type: 'paragraph', content });
        } else if (content.length > 0) {
          out.block({ type: 'heading', attrs: { level }, content });
        }
        return;
      }
      case 'ul':
      case 'ol': {
        if (structure >= MAX_STRUCTURE_DEPTH) break;
        const items = this.listItems(el, styled, next, structure + 1);
        if (items.length === 0) return;
        if (tag === 'ul') out.block({ type: 'bulletList', content: items });
        else {
          const start = Number.parseInt(el.attribs.start ?? '1', 10);
          out.block({
            type: 'orderedList',
            attrs: { start: Number.isFinite(start) && start >= 0 && start <= 1_000_000 ? start : 1 },
            content: items,
          });
        }
        return;
      }
      case 'blockquote': {
        if (structure >= MAX_STRUCTURE_DEPTH) break;
        const inner = new BlockBuilder();
        this.walk(el.children, inner, styled, next, structure + 1);
        inner.flush();
        if (inner.blocks.length === 0) return;
        if (el.attribs['data-type'] === 'quote') {
          // Pressdesk's own quote of a named speaker (as the editor and the export write it).
          const paragraphs = inner.blocks.map((b): ParagraphNode =>
            b.type === 'paragraph'
              ? b
              : {
                  type: 'paragraph',
                  content: [{ type: 'text', text: documentToPlainText({ type: 'doc', content: [b] }) }],
                },
          );
          const attr = (name: string) => (el.attribs[name] ?? '').trim().slice(0, QUOTE_ATTR_MAX);
          out.block({
            type: 'quote',
            attrs: { speaker: attr('data-speaker'), role: attr('data-role') },
            content: paragraphs,
          });
        } else {
          out.block({ type: 'blockquote', content: inner.blocks });
        }
        return;
      }
      case 'pre': {
        out.flush();
        const lines = textContent(el).split(/\r?\n/);
        lines.forEach((line, i) => {
          if (i > 0) out.hardBreak();
          out.text(line.replace(/[\t ]+/g, ' '), styled);
        });
        out.flush();
        return;
      }
      case 'table': {
        const table = structure < MAX_STRUCTURE_DEPTH ? this.table(el, styled, next, structure + 1) : null;
        if (!table) break;
        if (table.caption.length > 0) out.block({ type: 'paragraph', content: table.caption });
        out.block(table.node);
        return;
      }
      case 'td':
      case 'th':
        out.text(' ', styled);
        this.walk(el.children, out, styled, next, structure);
        out.text(' ', styled);
        return;
      case 'article':
      case 'main':
        out.flush();
        this.inArticle += 1;
        this.walk(el.children, out, styled, next, structure);
        this.inArticle -= 1;
        out.flush();
        return;
      case 'li':
        // A stray list item outside a list: a paragraph of its own.
        out.flush();
        this.walk(el.children, out, styled, next, structure);
        out.flush();
        return;
      default:
        break;
    }
    if (BLOCKS.has(tag) || tag === 'ul' || tag === 'ol' || tag === 'blockquote') {
      out.flush();
      this.walk(el.children, out, styled, next, structure);
      out.flush();
      return;
    }
    // Any other element (span, font, u, code, sup, …) is unwrapped.
    this.walk(el.children, out, styled, next, structure);
  }

  /**
   * A data table as a table node: rows of cells holding text (Word writes a
   * paragraph in each cell). Tables that lay out a page (one row or column,
   * lists, headings or tables inside cells, role=presentation) give null and
   * are read as paragraphs. The first row becomes the header row.
   */
  private table(
    el: Element,
    marks: readonly Mark[],
    depth: number,
    structure: number,
  ): { node: TableNode; caption: InlineNode[] } | null {
    if ((el.attribs.role ?? '').toLowerCase() === 'presentation') return null;
    const rows: Element[] = [];
    let caption: Element | null = null;
    for (const child of el.children) {
      if (!isTag(child)) continue;
      if (child.name === 'tr') rows.push(child);
      else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
        for (const row of child.children) if (isTag(row) && row.name === 'tr') rows.push(row);
      } else if (child.name === 'caption') caption = child;
      else if (child.name !== 'colgroup' && child.name !== 'col') return null;
    }
    if (rows.length < 2 || rows.length > TABLE_LIMITS.rows) return null;
    const cellsOf = (row: Element): Element[] =>
      row.children.filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'));
    const grid: Element[][] = rows.map(cellsOf);
    const span = (cell: Element): number => {
      const n = Number.parseInt(cell.attribs.colspan ?? '1', 10);
      return Number.isFinite(n) && n > 1 ? Math.min(n, TABLE_LIMITS.columns) : 1;
    };
    const columns = Math.max(...grid.map((cells) => cells.reduce((sum, c) => sum + span(c), 0)));
    if (columns < 2 || columns > TABLE_LIMITS.columns) return null;
    if (grid.some((cells) => cells.some((cell) => hasLayout(cell, 0)))) return null;
    const content = grid.map((cells, r): TableRowNode => {
      const row: TableCellNode[] = [];
      const type = r === 0 ? 'tableHeader' : 'tableCell';
      for (const cell of cells) {
        const inline = this.cellContent(cell, marks, depth + 1, structure);
        row.push(inline.length > 0 ? { type, content: inline } : { type });
        // A cell spanning columns keeps its text in the first and leaves the others empty.
        for (let i = 1; i < span(cell) && row.length < columns; i++) row.push({ type });
      }
      while (row.length < columns) row.push({ type });
      return { type: 'tableRow', content: row.slice(0, columns) };
    });
    const captionText = new BlockBuilder();
    if (caption) this.walkInline(caption.children, captionText, marks, depth + 1);
    return { node: { type: 'table', content }, caption: captionText.takeInline() };
  }

  /** A cell's text: its paragraphs joined by line breaks. */
  private cellContent(cell: Element, marks: readonly Mark[], depth: number, structure: number): InlineNode[] {
    const inner = new BlockBuilder();
    this.walk(cell.children, inner, styleMarks(cell, marks), depth, structure);
    inner.flush();
    const out: InlineNode[] = [];
    for (const block of inner.blocks) {
      if (block.type !== 'paragraph' || !block.content) continue;
      if (out.length > 0) out.push({ type: 'hardBreak' });
      out.push(...block.content);
    }
    return out;
  }

  /** Inside headings: block elements only add a space. */
  private walkInline(nodes: readonly ChildNode[], out: BlockBuilder, marks: readonly Mark[], depth: number): void {
    for (const node of nodes) {
      if (isTag(node) && (BLOCKS.has(node.name) || ['ul', 'ol', 'li', 'blockquote', 'p'].includes(node.name))) {
        out.text(' ', marks);
        this.walkInline(node.children, out, marks, depth + 1);
        out.text(' ', marks);
      } else if (isTag(node) && /^h[1-6]$/.test(node.name)) {
        this.walkInline(node.children, out, marks, depth + 1);
      } else {
        this.node(node, out, marks, depth, MAX_STRUCTURE_DEPTH);
      }
    }
  }

  private listItems(list: Element, marks: readonly Mark[], depth: number, structure: number): ListItemNode[] {
    const items: ListItemNode[] = [];
    let loose: ChildNode[] = [];
    const addItem = (children: readonly ChildNode[]): void => {
      const inner = new BlockBuilder();
      this.walk(children, inner, marks, depth + 1, structure);
      inner.flush();
      if (inner.blocks.length === 0) return;
      const content =
        inner.blocks[0]!.type === 'paragraph' ? inner.blocks : [{ type: 'paragraph' } as BlockNode, ...inner.blocks];
      items.push({ type: 'listItem', content });
    };
    for (const child of list.children) {
      if (isTag(child) && child.name.toLowerCase() === 'li') {
        if (loose.length > 0) addItem(loose);
        loose = [];
        addItem(child.children);
      } else if (isTag(child) && (child.name === 'ul' || child.name === 'ol') && items.length > 0) {
        // <ul><li>a</li><ul>…</ul></ul>: a nested list written as a sibling belongs to the item before it.
        const inner = new BlockBuilder();
        this.node(child, inner, marks, depth + 1, structure);
        inner.flush();
        const prev = items[items.length - 1]!;
        items[items.length - 1] = { type: 'listItem', content: [...prev.content, ...inner.blocks] };
      } else {
        loose.push(child);
      }
    }
    if (loose.length > 0) addItem(loose);
    return items;
  }
}

/**
 * Converts HTML (a fragment or a whole page body) into a body document,
 * keeping headings, paragraphs, lists, quotes, links, bold and italic and
 * dropping everything else: scripts, styles, event handlers, comments,
 * images, unsafe links. The result is checked against the vocabulary.
 */
export function htmlToDocument(html: string): DocumentNode {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const out = new BlockBuilder();
  new Converter().walk(dom.children, out, [], 0, 0);
  out.flush();
  return normalizeDocument({ type: 'doc', content: out.blocks });
}
