import type { BlockNode, DocumentNode, FigureAttrs, InlineNode } from './types';

function inlineText(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  return content.map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}

function blockText(block: BlockNode, out: string[], prefix = ''): void {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      out.push(prefix + inlineText(block.content));
      return;
    case 'blockquote':
      block.content.forEach((b) => blockText(b, out, prefix));
      return;
    case 'figure':
      // Captions and credits are indexed and exported on their own (see documentFigures).
      return;
    case 'quote': {
      block.content.forEach((b) => blockText(b, out, prefix));
      const by = [block.attrs.speaker, block.attrs.role].filter(Boolean).join(', ');
      if (by) out.push(`${prefix}— ${by}`);
      return;
    }
    case 'table':
      // One line per row, cells separated by a vertical bar.
      out.push(
        block.content
          .map((row) => prefix + row.content.map((cell) => inlineText(cell.content).replace(/\n/g, ' ')).join(' | '))
          .join('\n'),
      );
      return;
    case 'bulletList':
    case 'orderedList':
      block.content.forEach((item, i) => {
        const marker = block.type === 'bulletList' ? '• ' : `${block.attrs.start + i}. `;
        item.content.forEach((b, j) => blockText(b, out, j === 0 ? prefix + marker : prefix + '   '));
      });
      return;
  }
}

/**
 * Plain-text projection of a body: one paragraph per line block, separated by
 * blank lines. Feeds search and the plain-text export.
 */
export function documentToPlainText(doc: DocumentNode): string {
  const out: string[] = [];
  doc.content.forEach((b) => blockText(b, out));
  return out
    .map((s) => s.trimEnd())
    .filter((s) => s.length > 0)
    .join('\n\n');
}

/** A document made of plain paragraphs; blank lines separate paragraphs. */
export function documentFromPlainText(text: string): DocumentNode {
  const paragraphs = text
    .split(/\r?\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (paragraphs.length === 0) return { type: 'doc', content: [{ type: 'paragraph' }] };
  return {
    type: 'doc',
    content: paragraphs.map((p) => {
      const lines = p.split(/\r?\n/);
      const content: InlineNode[] = [];
      lines.forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line) content.push({ type: 'text', text: line });
      });
      const paragraph: BlockNode = { type: 'paragraph', content };
      return paragraph;
    }),
  };
}

export function countWords(text: string): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu);
  return words ? words.length : 0;
}

/** Everyone quoted in a document (quote nodes with a speaker), in order, without repeats. */
export function documentSpeakers(doc: DocumentNode): { speaker: string; role: string }[] {
  const seen = new Set<string>();
  const out: { speaker: string; role: string }[] = [];
  const visit = (blocks: readonly BlockNode[]): void => {
    for (const b of blocks) {
      if (b.type === 'quote' && b.attrs.speaker && !seen.has(b.attrs.speaker)) {
        seen.add(b.attrs.speaker);
        out.push({ speaker: b.attrs.speaker, role: b.attrs.role });
      }
      if (b.type === 'blockquote') visit(b.content);
      if (b.type === 'bulletList' || b.type === 'orderedList') b.content.forEach((item) => visit(item.content));
    }
  };
  visit(doc.content);
  return out;
}

/** Every figure of a document, in order (also inside quotes and lists). */
export function documentFigures(doc: DocumentNode): FigureAttrs[] {
  const out: FigureAttrs[] = [];
  const visit = (blocks: readonly BlockNode[]): void => {
    for (const b of blocks) {
      if (b.type === 'figure') out.push(b.attrs);
      else if (b.type === 'blockquote') visit(b.content);
      else if (b.type === 'bulletList' || b.type === 'orderedList') b.content.forEach((item) => visit(item.content));
    }
  };
  visit(doc.content);
  return out;
}

/**
 * Text cut to at most `max` UTF-16 code units, never inside a surrogate pair,
 * without trailing whitespace: how text from outside is held to a field's limit.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}
