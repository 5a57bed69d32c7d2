import { DOMSerializer, type Schema } from '@tiptap/pm/model';
import { htmlToDocument } from '../../../../../../shared/document/fromHtml';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The clipboard's text alone, one paragraph per line, for HTML the conversion refuses (far too large). */
function textOnly(html: string): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/**
 * Clipboard HTML (Word, Google Docs, web pages) as the editor's own HTML: the
 * engine's conversion (shared/document/fromHtml, the same that imports
 * `bodyHtml` and web pages) reduces it to the body's vocabulary, and the
 * editor's schema writes it out again, so a paste and an import of the same
 * HTML give the same document.
 */
export function cleanPastedHtml(html: string, schema: Schema): string {
  try {
    const doc = htmlToDocument(html);
    const only = doc.content[0];
    if (doc.content.length === 1 && only?.type === 'paragraph' && !only.content) return '';
    const node = schema.nodeFromJSON(doc);
    node.check();
    const holder = document.createElement('div');
    holder.append(DOMSerializer.fromSchema(schema).serializeFragment(node.content, { document }));
    return holder.innerHTML;
  } catch {
    return textOnly(html);
  }
}
