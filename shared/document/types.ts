/**
 * The body of a release is a TipTap/ProseMirror JSON document restricted to
 * the vocabulary below. Anything outside it is refused before it is stored.
 */
export type MarkType = 'bold' | 'italic' | 'link' | 'comment';

export interface BoldMark {
  readonly type: 'bold';
}
export interface ItalicMark {
  readonly type: 'italic';
}
export interface LinkMark {
  readonly type: 'link';
  readonly attrs: { readonly href: string };
}
/**
 * Where an inline comment is anchored: the text it covers. The comment's
 * thread (author, time, replies, resolved) is kept apart from the text; the
 * mark only carries its id and travels with the text as it is edited.
 * Comment marks never leave the workstation: every output strips them (see
 * `stripComments`). Several comments may cover the same text.
 */
export interface CommentMark {
  readonly type: 'comment';
  readonly attrs: { readonly id: string };
}
export type Mark = BoldMark | ItalicMark | LinkMark | CommentMark;

export interface TextNode {
  readonly type: 'text';
  readonly text: string;
  readonly marks?: readonly Mark[];
}
export interface HardBreakNode {
  readonly type: 'hardBreak';
}
export type InlineNode = TextNode | HardBreakNode;

export interface ParagraphNode {
  readonly type: 'paragraph';
  readonly content?: readonly InlineNode[];
}
export interface HeadingNode {
  readonly type: 'heading';
  readonly attrs: { readonly level: 2 | 3 };
  readonly content?: readonly InlineNode[];
}
export interface ListItemNode {
  readonly type: 'listItem';
  readonly content: readonly BlockNode[];
}
export interface BulletListNode {
  readonly type: 'bulletList';
  readonly content: readonly ListItemNode[];
}
export interface OrderedListNode {
  readonly type: 'orderedList';
  readonly attrs: { readonly start: number };
  readonly content: readonly ListItemNode[];
}
export interface BlockquoteNode {
  readonly type: 'blockquote';
  readonly content: readonly BlockNode[];
}
/**
 * A statement of a named person („…“, sagte Ministerin X): paragraphs with the
 * speaker and their role, so the archive can answer "what did X say".
 */
export interface QuoteNode {
  readonly type: 'quote';
  readonly attrs: { readonly speaker: string; readonly role: string };
  readonly content: readonly ParagraphNode[];
}
/**
 * An image placed in a release: a stored asset plus the caption, credit and
 * alt text that belong to this placement. `creditRaw` keeps the photo's own
 * IPTC credit beside the house-format `credit`. A decorative image has an
 * empty alt text on purpose.
 */
export interface FigureAttrs {
  readonly assetId: string;
  readonly caption: string;
  readonly credit: string;
  readonly creditRaw: string;
  readonly alt: string;
  readonly decorative: boolean;
}
export interface FigureNode {
  readonly type: 'figure';
  readonly attrs: FigureAttrs;
}
/** A cell of a table: inline text. The first row's cells are column headers. */
export interface TableCellNode {
  readonly type: 'tableHeader' | 'tableCell';
  readonly content?: readonly InlineNode[];
}
export interface TableRowNode {
  readonly type: 'tableRow';
  readonly content: readonly TableCellNode[];
}
/**
 * A table with a header row: the first row holds `tableHeader` cells (the
 * column headings), every other row `tableCell`s; all rows have the same
 * number of cells.
 */
export interface TableNode {
  readonly type: 'table';
  readonly content: readonly TableRowNode[];
}
export type BlockNode =
  ParagraphNode | HeadingNode | BulletListNode | OrderedListNode | BlockquoteNode | QuoteNode | FigureNode | TableNode;

export interface DocumentNode {
  readonly type: 'doc';
  readonly content: readonly BlockNode[];
}

export const BLOCK_TYPES = [
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'blockquote',
  'quote',
  'figure',
  'table',
] as const;
/** The parts a table is made of (besides the table itself, a block). */
export const TABLE_PART_TYPES = ['tableRow', 'tableHeader', 'tableCell'] as const;
/** Most rows and columns a table may have. */
export const TABLE_LIMITS = { rows: 1000, columns: 30 } as const;
/** Longest speaker name or role a quote may carry. */
export const QUOTE_ATTR_MAX = 200;
/** Limits of a figure's texts. */
export const FIGURE_LIMITS = { caption: 2000, credit: 300, creditRaw: 300, alt: 1000 } as const;
/** Asset ids: what the asset store hands out. */
export const ASSET_ID_PATTERN = /^[A-Z0-9-]{1,64}$/i;
export const INLINE_TYPES = ['text', 'hardBreak'] as const;
export const MARK_TYPES: readonly MarkType[] = ['bold', 'italic', 'link', 'comment'];
/** Ids of comments (the anchor mark's `attrs.id`, a thread's id). */
export const COMMENT_ID_PATTERN = /^[\w-]{1,64}$/;
/** Link schemes a release may contain. Everything else (javascript:, data:, file:…) is refused. */
export const SAFE_LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;
