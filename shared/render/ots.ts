import type { BlockNode, InlineNode } from '../document';
import type { CreditStyle } from '../domain/office';
import { listStart, safeHref } from './attrs';
import { isGerman, labelsFor } from './labels';
import type { RenderInput } from './model';
import { captionWithCredit, quoteNamesSpeaker } from './office';

/**
 * The wire text in the layout of the German press wire (presseportal / ots):
 * title, teaser, the body whose first paragraph opens with the place and
 * „(ots) -“, lists as „- “ lines, quotes with their speaker, image captions
 * with credits, keywords, the press contact and the issuing office.
 *
 * Plain text: paragraphs are single lines (the wire sets the line breaks),
 * separated by an empty line; German typography („…“, –, non-breaking spaces)
 * stays as written. Lines end with CRLF, as the wire's text upload and agency
 * systems (IPTC 7901) expect it and as Windows mail programs paste it.
 */
export const WIRE_EOL = '\r\n';

function inlineText(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  return content
    .map((n) => {
      if (n.type === 'hardBreak') return '\n';
      const link = n.marks?.find((m) => m.type === 'link');
      const href = link ? safeHref(link.attrs?.href) : undefined;
      return href && href !== n.text ? `${n.text} (${href})` : n.text;
    })
    .join('');
}

/** One block as paragraphs of the wire text (each may hold single line breaks). */
function blockParagraphs(block: BlockNode, photo: string, style: CreditStyle | undefined): string[] {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return [inlineText(block.content)];
    case 'bulletList':
    case 'orderedList': {
      const lines: string[] = [];
      const walk = (list: typeof block, depth: number): void => {
        list.content.forEach((item, i) => {
          const marker = list.type === 'bulletList' ? '- ' : `${listStart(list.attrs?.start) + i}. `;
          const indent = '  '.repeat(depth);
          let first = true;
          for (const b of item.content) {
            if (b.type === 'bulletList' || b.type === 'orderedList') walk(b, depth + 1);
            else
              for (const p of blockParagraphs(b, photo, style)) {
                lines.push(`${indent}${first ? marker : ' '.repeat(marker.length)}${p.replace(/\n/g, ' ')}`);
                first = false;
              }
          }
        });
      };
      walk(block, 0);
      return [lines.join('\n')];
    }
    case 'blockquote':
      return block.content.flatMap((b) => blockParagraphs(b, photo, style));
    case 'quote': {
      const paragraphs = block.content.map((p) => inlineText(p.content));
      const by = quoteNamesSpeaker(block) ? '' : [block.attrs.speaker, block.attrs.role].filter(Boolean).join(', ');
      if (by && paragraphs.length > 0) paragraphs[paragraphs.length - 1] += ` (${by})`;
      return paragraphs;
    }
    case 'table':
      return [
        block.content
          .map((row) =>
            row.content
              .map((cell) =>
                inlineText(cell.content)
                  .split('\n')
                  .map((line) => line.trim())
                  .join(' ')
                  .trim(),
              )
              .join(' | '),
          )
          .join('\n'),
      ];
    case 'figure': {
      const text = captionWithCredit(block.attrs.caption, block.attrs.credit, style).replace(/\n/g, ' ');
      return text ? [`${photo}: ${text}`] : [];
    }
  }
}

/** The release as wire text (see WIRE_EOL for the line endings). */
export function renderWireText(input: RenderInput): string {
  const labels = labelsFor(input.language);
  const de = isGerman(input.language);
  const photo = de ? 'Bild' : 'Image';
  const style = input.office.creditStyle;
  const out: string[] = [];
  if (input.embargoed && input.embargoUntil) out.push(labels.embargo(input.embargoUntil));
  out.push(input.headline);
  if (input.subheadline) out.push(input.subheadline);
  if (input.teaser) out.push(input.teaser);

  const body: string[] = [];
  if (input.leadImage) body.push(...blockParagraphs({ type: 'figure', attrs: input.leadImage }, photo, style));
  const text: string[] = [];
  for (const b of input.body.content) text.push(...blockParagraphs(b, photo, style));
  // The place opens the first paragraph of text: „Stuttgart (ots) - …“.
  const firstText = text.findIndex((p) => p.trim() !== '');
  const place = input.dateline.split(',')[0]!.trim();
  const opener = `${place ? `${place} ` : ''}(ots) - `;
  if (firstText >= 0) text[firstText] = opener + text[firstText]!.trimStart();
  else text.push(opener.trimEnd());
  out.push(...text, ...body);

  if (input.relatedLinks.length > 0) {
    out.push(
      `${labels.relatedLinks}:\n${input.relatedLinks
        .map((l) => `- ${[l.title, safeHref(l.url)].filter(Boolean).join(': ')}`)
        .join('\n')}`,
    );
  }
  if (input.tags.length > 0) out.push(`${de ? 'Schlagworte' : 'Keywords'}: ${input.tags.join(', ')}`);
  if (input.pressContact.trim()) out.push(`${labels.pressContact}:\n${input.pressContact.trim()}`);
  if (input.boilerplate.trim()) out.push(`${labels.about}:\n${input.boilerplate.trim()}`);
  const issuer = [input.office.name, ...(input.office.address ?? '').split('\n')].map((l) => l.trim()).filter(Boolean);
  if (issuer.length > 0) out.push(`${de ? 'Original-Content von' : 'Original content by'}: ${issuer.join(', ')}`);
  const joined = out
    .map((s) => s.replace(/\r\n?/g, '\n').replace(/(?<![ \t])[ \t]+$/gm, ''))
    .filter((s) => s.trim() !== '')
    .join('\n\n');
  return `${joined}\n`.replace(/\n/g, WIRE_EOL);
}
