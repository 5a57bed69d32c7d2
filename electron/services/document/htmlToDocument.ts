import { hasChildren, isTag, isText, type ChildNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import {
  documentToPlainText,
  isSafeHref,
  normalizeDocument,
  QUOTE_ATTR_MAX,
  type ParagraphNode,
  type BlockNode,
  type DocumentNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
} from '../../../shared/document';

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
  'xml',
  'o:p',
]);

/** Elements that end the current paragraph. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
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

  /** The inline content so far, consumed (for headings). */
  takeInline(): InlineNode[] {
    const content = collapseInline(this.pieces);
    this.pieces = [];
    return content;
  }
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** HTML whitespace rules: runs collapse to one space, none at line starts or ends. */
function collapseInline(pieces: readonly Piece[]): InlineNode[] {
  const out: InlineNode[] = [];
  let atLineStart = true;
  for (const piece of pieces) {
    if (piece === 'break') {
      trimTrailingSpace(out);
      out.push({ type: 'hardBreak' });
      atLineStart = true;
      continue;
    }
    let text = piece.text.replace(/[\t\n\r\f ]+/g, ' ');
    if (atLineStart) text = text.replace(/^ /, '');
    if (!text) continue;
    const last = out[out.length - 1];
    if (last?.type === 'text' && last.text.endsWith(' ') && text.startsWith(' ')) text = text.slice(1);
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
  if (last?.type !== 'text' || !last.text.endsWith(' ')) return;
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

/** Bold/italic as Word and Google Docs express them in inline styles. */
function styleMarks(el: Element, marks: readonly Mark[]): Mark[] {
  const style = (el.attribs.style ?? '').toLowerCase();
  let next = [...marks];
  const weight = /font-weight\s*:\s*([a-z0-9]+)/.exec(style)?.[1];
  if (weight) {
    if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) next = withMark(next, { type: 'bold' });
    else if (weight === 'normal' || Number(weight) < 600) next = withoutMark(next, 'bold');
  }
  const fontStyle = /font-style\s*:\s*([a-z]+)/.exec(style)?.[1];
  if (fontStyle === 'italic' || fontStyle === 'oblique') next = withMark(next, { type: 'italic' });
  else if (fontStyle === 'normal') next = withoutMark(next, 'italic');
  return next;
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

class Converter {
  walk(nodes: readonly ChildNode[], out: BlockBuilder, marks: readonly Mark[], depth: number, structure: number): void {
    for (const node of nodes) this.node(node, out, marks, depth, structure);
  }

  private node(node: ChildNode, out: BlockBuilder, marks: readonly Mark[], depth: number, structure: number): void {
    if (isText(node)) {
      out.text(node.data, marks);
      return;
    }
    if (!isTag(node)) return; // comments, CDATA, processing instructions
    const el = node;
    const tag = el.name.toLowerCase();
    if (DROPPED.has(tag) || tag.includes(':')) return;
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
        const href = (el.attribs.href ?? '').trim();
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
      case 'td':
      case 'th':
        out.text(' ', styled);
        this.walk(el.children, out, styled, next, structure);
        out.text(' ', styled);
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
