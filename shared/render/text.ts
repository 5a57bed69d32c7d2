import type { BlockNode, InlineNode, TableNode } from '../document';
import type { CreditStyle } from '../domain/office';
import { listStart, safeHref } from './attrs';
import { formatDateTime, isGerman, labelsFor } from './labels';
import type { RenderInput } from './model';
import { captionWithCredit, quoteNamesSpeaker } from './office';

function inlineText(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  return content
    .map((n) => {
      if (n.type === 'hardBreak') return '\n';
      const link = n.marks?.find((m) => m.type === 'link');
      const href = link ? safeHref(link.attrs?.href) : undefined;
      return href && href !== n.text ? `${n.text} <${href}>` : n.text;
    })
    .join('');
}

/**
 * A table as text: cells separated by " | ", padded to their column's width
 * while that stays readable, and a line of dashes under the header row.
 */
function tableText(table: TableNode, indent: string): string {
  const rows = table.content.map((row) =>
    row.content.map((cell) =>
      inlineText(cell.content)
        .split('\n')
        .map((line) => line.trim())
        .join(' '),
    ),
  );
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => Array.from(row[c] ?? '').length))) ?? [];
  const pad = widths.reduce((sum, w) => sum + w + 3, 0) <= 100;
  const line = (row: readonly string[]): string =>
    indent +
    row
      .map((cell, c) => (pad ? cell + ' '.repeat(Math.max(0, (widths[c] ?? 0) - Array.from(cell).length)) : cell))
      .join(' | ');
  const [head, ...body] = rows;
  if (!head) return '';
  const rule = indent + widths.map((w) => '-'.repeat(pad ? Math.max(w, 3) : 3)).join('-|-');
  return [line(head), rule, ...body.map(line)].join('\n');
}

function blockText(block: BlockNode, photo: string, style: CreditStyle | undefined, indent = ''): string[] {
  switch (block.type) {
    case 'paragraph':
      return [indent + inlineText(block.content).replace(/\n/g, `\n${indent}`)];
    case 'heading':
      return [inlineText(block.content).toUpperCase()];
    case 'bulletList':
    case 'orderedList':
      return [
        block.content
          .map((item, i) => {
            const marker = block.type === 'bulletList' ? '- ' : `${listStart(block.attrs?.start) + i}. `;
            return item.content
              .flatMap((b) => blockText(b, photo, style, ' '.repeat(marker.length)))
              .join('\n')
              .replace(/^\s+/, marker);
          })
          .join('\n'),
      ];
    case 'blockquote':
      return block.content.flatMap((b) => blockText(b, photo, style, indent + '  '));
    case 'quote': {
      const lines = block.content.flatMap((b) => blockText(b, photo, style, indent + '  '));
      // A quote that names its speaker itself („…“, sagte Minister Lucha) gets no second attribution.
      const by = quoteNamesSpeaker(block) ? '' : [block.attrs.speaker, block.attrs.role].filter(Boolean).join(', ');
      return by ? [...lines, `${indent}  — ${by}`] : lines;
    }
    case 'table':
      return [tableText(block, indent)];
    case 'figure': {
      const parts = captionWithCredit(block.attrs.caption, block.attrs.credit, style);
      return parts ? [`[${photo}: ${parts}]`] : [];
    }
  }
}

/**
 * The release as plain text for e-mail and the wire: headline, dateline,
 * teaser, body with subheadings, captions with credits, contact.
 */
export function renderReleaseText(input: RenderInput): string {
  const labels = labelsFor(input.language);
  const photo = isGerman(input.language) ? 'Bild' : 'Image';
  const out: string[] = [];
  if (input.embargoed && input.embargoUntil) out.push(labels.embargo(input.embargoUntil));
  if (input.topic) out.push(input.topic);
  out.push(input.headline);
  if (input.subheadline) out.push(input.subheadline);
  const date = input.publishedAt ? formatDateTime(input.publishedAt, input.language) : '';
  const lead = [input.dateline, date].filter(Boolean).join(', ');
  out.push([lead, input.teaser].filter(Boolean).join(' – '));
  if (input.releaseNumber) out.push(`${labels.releaseNumber} ${input.releaseNumber}`);
  const style = input.office.creditStyle;
  if (input.leadImage) out.push(...blockText({ type: 'figure', attrs: input.leadImage }, photo, style));
  for (const b of input.body.content) out.push(...blockText(b, photo, style));
  if (input.relatedLinks.length > 0)
    out.push(
      `${labels.relatedLinks}:\n${input.relatedLinks.map((l) => `- ${[l.title, safeHref(l.url)].filter(Boolean).join(': ')}`).join('\n')}`,
    );
  if (input.pressContact.trim()) out.push(`${labels.pressContact}:\n${input.pressContact.trim()}`);
  if (input.boilerplate.trim()) out.push(`${labels.about}:\n${input.boilerplate.trim()}`);
  const issuer = [input.office.name, ...(input.office.address ?? '').split('\n')].map((l) => l.trim()).filter(Boolean);
  if (issuer.length > 0) out.push(`${labels.issuedBy}:\n${issuer.join('\n')}`);
  return `${out
    .map((s) => s.replace(/(?<![ \t])[ \t]+$/gm, ''))
    .filter((s) => s.trim() !== '')
    .join('\n\n')}\n`;
}
