import type { BlockNode, DocumentNode, InlineNode, Mark, TextNode } from './types';

/**
 * Inline comments are anchored by `comment` marks in the body; their threads
 * live apart from the text. These helpers find and remove the anchors: no
 * output of a release (bundle, text, wire, PDF, Word, mail, interchange file)
 * and no content comparison ever sees them.
 */

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function stripInline(content: readonly InlineNode[] | undefined): InlineNode[] | undefined {
  if (!content) return undefined;
  const out: InlineNode[] = [];
  // Whether the last text put out had a comment anchor (only such texts are joined).
  let lastAnchored = false;
  for (const node of content) {
    if (node.type !== 'text') {
      out.push(node);
      lastAnchored = false;
      continue;
    }
    const anchored = node.marks?.some((m) => m.type === 'comment') === true;
    const kept = anchored ? node.marks.filter((m) => m.type !== 'comment') : node.marks;
    const last = out[out.length - 1];
    // A comment split its text into pieces: the pieces that are alike again join as they were before.
    if ((anchored || lastAnchored) && last?.type === 'text' && sameMarks(last.marks, kept)) {
      out[out.length - 1] = { ...last, text: last.text + node.text };
      lastAnchored = true;
      continue;
    }
    out.push(
      kept && kept.length > 0 ? { type: 'text', text: node.text, marks: kept } : { type: 'text', text: node.text },
    );
    lastAnchored = anchored;
  }
  return out;
}

function stripBlock(block: BlockNode): BlockNode {
  switch (block.type) {
    case 'paragraph':
    case 'heading': {
      const content = stripInline(block.content);
      return content ? { ...block, content } : block;
    }
    case 'bulletList':
    case 'orderedList':
      return {
        ...block,
        content: block.content.map((item) => ({ ...item, content: item.content.map(stripBlock) })),
      };
    case 'blockquote':
      return { ...block, content: block.content.map(stripBlock) };
    case 'quote':
      return {
        ...block,
        content: block.content.map((p) => {
          const content = stripInline(p.content);
          return content ? { ...p, content } : p;
        }),
      };
    case 'table':
      return {
        ...block,
        content: block.content.map((row) => ({
          ...row,
          content: row.content.map((cell) => {
            const content = stripInline(cell.content);
            return content ? { ...cell, content } : cell;
          }),
        })),
      };
    case 'figure':
      return block;
  }
}

/**
 * The document without its comment anchors: every `comment` mark removed and
 * the neighbouring texts that thereby carry the same marks joined again, so
 * that a document with comments equals the same document without them.
 * Nothing else changes: texts no comment covered are never joined, so a
 * document without comments comes back as it was.
 */
export function stripComments(doc: DocumentNode): DocumentNode {
  return { type: 'doc', content: doc.content.map(stripBlock) };
}

function visitInline(content: readonly InlineNode[] | undefined, visit: (node: TextNode) => void): void {
  for (const node of content ?? []) if (node.type === 'text') visit(node);
}

function visitBlock(block: BlockNode, visit: (node: TextNode) => void): void {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      visitInline(block.content, visit);
      return;
    case 'bulletList':
    case 'orderedList':
      for (const item of block.content) for (const b of item.content) visitBlock(b, visit);
      return;
    case 'blockquote':
    case 'quote':
      for (const b of block.content) visitBlock(b, visit);
      return;
    case 'table':
      for (const row of block.content) for (const cell of row.content) visitInline(cell.content, visit);
      return;
    case 'figure':
      return;
  }
}

/** The ids of the comments anchored in a document, in the order they first appear. */
export function commentIdsOf(doc: DocumentNode): string[] {
  const ids = new Set<string>();
  for (const block of doc.content)
    visitBlock(block, (node) => {
      for (const m of node.marks ?? []) if (m.type === 'comment') ids.add(m.attrs.id);
    });
  return [...ids];
}

/** Whether a document carries any comment anchor. */
export function hasComments(doc: DocumentNode): boolean {
  return commentIdsOf(doc).length > 0;
}
