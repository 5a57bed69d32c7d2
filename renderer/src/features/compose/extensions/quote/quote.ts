import { mergeAttributes, Node } from '@tiptap/core';

export interface QuoteOptions {
  /**
   * Extra HTML attributes of the rendered element.
   * @default {}
   */
  HTMLAttributes: Record<string, string>;
}

/**
 * A statement of a named person: paragraphs plus speaker and role, stored as
 * the `quote` node of shared/document. Rendered as a blockquote marked with
 * data attributes, which is also how it is recognised when pasted back.
 */
export const Quote = Node.create<QuoteOptions>({
  name: 'quote',
  group: 'block',
  content: 'paragraph+',
  defining: true,

  addOptions() {
    return { HTMLAttributes: {} };
  },

  addAttributes() {
    return {
      speaker: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-speaker') ?? '',
        renderHTML: (attrs) => ({ 'data-speaker': String(attrs.speaker ?? '') }),
      },
      role: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-role') ?? '',
        renderHTML: (attrs) => ({ 'data-role': String(attrs.role ?? '') }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'blockquote[data-type="quote"]', priority: 60 }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['blockquote', mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, { 'data-type': 'quote' }), 0];
  },
});
