import { PressdeskError } from '../errors';
import { isSafeHref } from './links';
import {
  ASSET_ID_PATTERN,
  COMMENT_ID_PATTERN,
  FIGURE_LIMITS,
  QUOTE_ATTR_MAX,
  TABLE_LIMITS,
  type FigureAttrs,
  type BlockNode,
  type DocumentNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type ParagraphNode,
  type TableCellNode,
  type TableNode,
  type TableRowNode,
} from './types';

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 48;
/** Hard cap on nodes per document (a very long release has a few thousand). */
const MAX_NODES = 200_000;

interface Ctx {
  nodes: number;
}

type Json = Record<string, unknown>;

function fail(path: string, reason: string): never {
  throw new PressdeskError('INVALID_DOCUMENT', `Invalid body document at ${path}: ${reason}`, {
    path,
    reason,
  });
}

function asObject(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'expected a node object');
  }
  return value as Json;
}

function contentArray(node: Json, path: string): unknown[] {
  const content = node.content;
  if (content === undefined) return [];
  if (!Array.isArray(content)) fail(`${path}.content`, 'content must be an array');
  return content;
}

function attrsOf(node: Json, path: string): Json {
  const attrs = node.attrs;
  if (attrs === undefined || attrs === null) return {};
  return asObject(attrs, `${path}.attrs`);
}

function count(ctx: Ctx, path: string, depth: number): void {
  ctx.nodes += 1;
  if (ctx.nodes > MAX_NODES) fail(path, `more than ${MAX_NODES} nodes`);
  if (depth > MAX_DEPTH) fail(path, `nesting deeper than ${MAX_DEPTH} levels`);
}

function normalizeMarks(value: unknown, path: string): Mark[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(path, 'marks must be an array');
  const out: Mark[] = [];
  const seen = new Set<string>();
  value.forEach((raw, i) => {
    const mpath = `${path}[${i}]`;
    const mark = asObject(raw, mpath);
    const type = mark.type;
    if (type === 'bold' || type === 'italic') {
      if (!seen.has(type)) out.push({ type });
      seen.add(type);
      return;
    }
    if (type === 'link') {
      const href = attrsOf(mark, mpath).href;
      if (typeof href !== 'string') fail(`${mpath}.attrs.href`, 'link without href');
      if (!isSafeHref(href)) {
        throw new PressdeskError(
          'UNSAFE_LINK',
          `Unsafe link at ${mpath}: only http, https and mailto links are allowed.`,
          { path: mpath, href: href.slice(0, 200) },
        );
      }
      if (!seen.has('link')) out.push({ type: 'link', attrs: { href } });
      seen.add('link');
      return;
    }
    if (type === 'comment') {
      const id = attrsOf(mark, mpath).id;
      if (typeof id !== 'string' || !COMMENT_ID_PATTERN.test(id))
        fail(`${mpath}.attrs.id`, 'a comment mark needs the id of its comment');
      // Several comments may cover the same text, each once.
      if (!seen.has(`comment:${id}`)) out.push({ type: 'comment', attrs: { id } });
      seen.add(`comment:${id}`);
      return;
    }
    fail(`${mpath}.type`, `unknown mark ${JSON.stringify(type)}`);
  });
  // Canonical order keeps equal documents byte-identical.
  out.sort((a, b) => a.type.localeCompare(b.type) || markKey(a).localeCompare(markKey(b)));
  return out.length > 0 ? out : undefined;
}

/** What tells two marks of one type apart (only comments may repeat). */
function markKey(mark: Mark): string {
  return mark.type === 'comment' ? mark.attrs.id : '';
}

function normalizeInline(raw: unknown, path: string, ctx: Ctx, depth: number): InlineNode | null {
  count(ctx, path, depth);
  const node = asObject(raw, path);
  if (node.type === 'hardBreak') return { type: 'hardBreak' };
  if (node.type !== 'text') fail(`${path}.type`, `unexpected ${JSON.stringify(node.type)} in text`);
  if (typeof node.text !== 'string') fail(`${path}.text`, 'text must be a string');
  if (node.text === '') return null;
  const marks = normalizeMarks(node.marks, `${path}.marks`);
  return marks ? { type: 'text', text: node.text, marks } : { type: 'text', text: node.text };
}

function normalizeInlineContent(node: Json, path: string, ctx: Ctx, depth: number): InlineNode[] | undefined {
  const out: InlineNode[] = [];
  contentArray(node, path).forEach((child, i) => {
    const n = normalizeInline(child, `${path}.content[${i}]`, ctx, depth + 1);
    if (n) out.push(n);
  });
  return out.length > 0 ? out : undefined;
}

function normalizeListItems(node: Json, path: string, ctx: Ctx, depth: number): ListItemNode[] {
  const items = contentArray(node, path).map((child, i) => {
    const ipath = `${path}.content[${i}]`;
    count(ctx, ipath, depth + 1);
    const item = asObject(child, ipath);
    if (item.type !== 'listItem') fail(`${ipath}.type`, 'a list may only contain list items');
    const blocks = normalizeBlocks(item, ipath, ctx, depth + 1);
    if (blocks[0]?.type !== 'paragraph') fail(ipath, 'a list item must start with a paragraph');
    const listItem: ListItemNode = { type: 'listItem', content: blocks };
    return listItem;
  });
  if (items.length === 0) fail(path, 'a list needs at least one item');
  return items;
}

/**
 * A table: rows of inline cells, all of one length; the first row is the
 * header row (its cells become `tableHeader`, all others `tableCell`).
 */
function normalizeTable(node: Json, path: string, ctx: Ctx, depth: number): TableNode {
  const rows = contentArray(node, path);
  if (rows.length === 0) fail(path, 'a table needs at least one row');
  if (rows.length > TABLE_LIMITS.rows) fail(path, `more than ${TABLE_LIMITS.rows} rows`);
  let columns = -1;
  const content = rows.map((rawRow, r): TableRowNode => {
    const rpath = `${path}.content[${r}]`;
    count(ctx, rpath, depth + 1);
    const row = asObject(rawRow, rpath);
    if (row.type !== 'tableRow') fail(`${rpath}.type`, 'a table may only contain rows');
    const cells = contentArray(row, rpath);
    if (cells.length === 0) fail(rpath, 'a row needs at least one cell');
    if (cells.length > TABLE_LIMITS.columns) fail(rpath, `more than ${TABLE_LIMITS.columns} columns`);
    if (columns >= 0 && cells.length !== columns) fail(rpath, 'every row needs the same number of cells');
    columns = cells.length;
    const type = r === 0 ? 'tableHeader' : 'tableCell';
    return {
      type: 'tableRow',
      content: cells.map((rawCell, c): TableCellNode => {
        const cpath = `${rpath}.content[${c}]`;
        count(ctx, cpath, depth + 2);
        const cell = asObject(rawCell, cpath);
        if (cell.type !== 'tableHeader' && cell.type !== 'tableCell')
          fail(`${cpath}.type`, 'a row may only contain cells');
        const inline = normalizeInlineContent(cell, cpath, ctx, depth + 2);
        return inline ? { type, content: inline } : { type };
      }),
    };
  });
  return { type: 'table', content };
}

function normalizeBlock(raw: unknown, path: string, ctx: Ctx, depth: number): BlockNode {
  count(ctx, path, depth);
  const node = asObject(raw, path);
  switch (node.type) {
    case 'paragraph': {
      const content = normalizeInlineContent(node, path, ctx, depth);
      return content ? { type: 'paragraph', content } : { type: 'paragraph' };
    }
    case 'heading': {
      const level = attrsOf(node, path).level;
      if (level !== 2 && level !== 3) fail(`${path}.attrs.level`, 'headings are level 2 or 3');
      const content = normalizeInlineContent(node, path, ctx, depth);
      return content ? { type: 'heading', attrs: { level }, content } : { type: 'heading', attrs: { level } };
    }
    case 'bulletList':
      return { type: 'bulletList', content: normalizeListItems(node, path, ctx, depth) };
    case 'orderedList': {
      const start = attrsOf(node, path).start ?? 1;
      if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > 1_000_000) {
        fail(`${path}.attrs.start`, 'list start must be a small whole number');
      }
      return { type: 'orderedList', attrs: { start }, content: normalizeListItems(node, path, ctx, depth) };
    }
    case 'quote': {
      const attrs = attrsOf(node, path);
      const speaker = attrs.speaker ?? '';
      const role = attrs.role ?? '';
      if (typeof speaker !== 'string' || typeof role !== 'string') fail(`${path}.attrs`, 'speaker and role are text');
      if (speaker.length > QUOTE_ATTR_MAX || role.length > QUOTE_ATTR_MAX)
        fail(`${path}.attrs`, 'speaker or role too long');
      const content = normalizeBlocks(node, path, ctx, depth);
      if (content.length === 0) fail(path, 'a quote needs content');
      if (content.some((b) => b.type !== 'paragraph')) fail(path, 'a quote holds paragraphs only');
      return {
        type: 'quote',
        attrs: { speaker: speaker.trim(), role: role.trim() },
        content: content as ParagraphNode[],
      };
    }
    case 'figure':
      return { type: 'figure', attrs: normalizeFigureAttrs(attrsOf(node, path), `${path}.attrs`) };
    case 'table':
      return normalizeTable(node, path, ctx, depth);
    case 'blockquote': {
      const content = normalizeBlocks(node, path, ctx, depth);
      if (content.length === 0) fail(path, 'a quote needs content');
      return { type: 'blockquote', content };
    }
    default:
      return fail(`${path}.type`, `unknown node ${JSON.stringify(node.type)}`);
  }
}

/**
 * A figure's attributes: a valid asset id and bounded texts; a decorative
 * image keeps no alt text.
 */
export function normalizeFigureAttrs(attrs: Record<string, unknown>, path = 'figure'): FigureAttrs {
  const assetId = attrs.assetId;
  if (typeof assetId !== 'string' || !ASSET_ID_PATTERN.test(assetId))
    fail(`${path}.assetId`, 'a figure needs the id of a stored image');
  const text = (key: keyof typeof FIGURE_LIMITS): string => {
    const value = attrs[key] ?? '';
    if (typeof value !== 'string') fail(`${path}.${key}`, 'must be text');
    if (value.length > FIGURE_LIMITS[key]) fail(`${path}.${key}`, `longer than ${FIGURE_LIMITS[key]} characters`);
    return value.normalize('NFC').trim();
  };
  const decorative = attrs.decorative ?? false;
  if (typeof decorative !== 'boolean') fail(`${path}.decorative`, 'must be true or false');
  return {
    assetId,
    caption: text('caption'),
    credit: text('credit'),
    creditRaw: text('creditRaw'),
    alt: decorative ? '' : text('alt'),
    decorative,
  };
}

function normalizeBlocks(node: Json, path: string, ctx: Ctx, depth: number): BlockNode[] {
  return contentArray(node, path).map((child, i) => normalizeBlock(child, `${path}.content[${i}]`, ctx, depth + 1));
}

/**
 * Checks a body document against the vocabulary and returns its canonical
 * form (unknown attributes dropped, marks deduplicated and ordered, empty text
 * removed). Throws `INVALID_DOCUMENT` or `UNSAFE_LINK` with the failing path.
 */
export function normalizeDocument(input: unknown): DocumentNode {
  const ctx: Ctx = { nodes: 0 };
  const root = asObject(input, 'doc');
  if (root.type !== 'doc') fail('doc.type', 'the root must be a doc node');
  const content = normalizeBlocks(root, 'doc', ctx, 0);
  return { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
}

/** Non-throwing variant for UIs: returns the error instead. */
export function validateDocument(
  input: unknown,
): { ok: true; doc: DocumentNode } | { ok: false; error: PressdeskError } {
  try {
    return { ok: true, doc: normalizeDocument(input) };
  } catch (error) {
    if (error instanceof PressdeskError) return { ok: false, error };
    throw error;
  }
}

export function emptyDocument(): DocumentNode {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}
