import { mergeAttributes, Node } from '@tiptap/core';

export interface QuoteOptions {
  /**
   * Extra HTML attributes of the rendered element.
   * @default {}
   */
  HTMLAttributes: Record<string, string>;
  /**
   * Shortcut that wraps the selected paragraphs in a quote (or lifts them out).
   * @default 'Mod-Shift-q'
   */
  shortcut: string;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    quote: {
      /** Wraps the selected paragraphs in a quote, or lifts them out of one. */
      toggleQuote: () => ReturnType;
      /** Sets speaker and/or role of the quote around the selection. */
      setQuoteAttributes: (attrs: { speaker?: string; role?: string }) => ReturnType;
    };
  }
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
    return { HTMLAttributes: {}, shortcut: 'Mod-Shift-q' };
  },

  addCommands() {
    return {
      toggleQuote:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
      setQuoteAttributes:
        (attrs) =>
        ({ commands }) =>
          commands.updateAttributes(this.name, attrs),
    };
  },

  addKeyboardShortcuts() {
    return { [this.options.shortcut]: () => this.editor.commands.toggleQuote() };
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
