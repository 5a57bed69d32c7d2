import type { Extensions, JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { isSafeHref, type DocumentNode } from '../../../../shared/document';
import { Comment } from './extensions/comment';
import { LinkShortcut } from './extensions/linkShortcut';
import { Figure, type FigureOptions } from './extensions/figure';
import { PasteCleanup } from './extensions/pasteCleanup';
import { Quote } from './extensions/quote';
import { Table } from './extensions/table';
import { Typography } from './extensions/typography';

/** Shortcuts of the body editor, in TipTap's notation (the defaults of the extensions, plus Mod-K). */
export const BODY_SHORTCUTS = {
  paragraph: 'Mod-Alt-0',
  heading2: 'Mod-Alt-2',
  heading3: 'Mod-Alt-3',
  bold: 'Mod-b',
  italic: 'Mod-i',
  bulletList: 'Mod-Shift-8',
  orderedList: 'Mod-Shift-7',
  blockquote: 'Mod-Shift-b',
  quote: 'Mod-Shift-q',
  link: 'Mod-k',
  comment: 'Mod-Alt-m',
  hardBreak: 'Shift-Enter',
  undo: 'Mod-z',
  redo: 'Mod-Shift-z',
} as const;

export interface BodyExtensionOptions {
  /** Opens the link form (Mod-K). */
  readonly onLinkRequest?: () => boolean;
  /** Asks for an inline comment on the selection (Mod-Alt-M). */
  readonly onCommentRequest?: () => boolean;
  /** Stores an image file dropped or pasted into the body. */
  readonly upload?: FigureOptions['upload'];
  /** Told when storing an image failed. */
  readonly onUploadError?: FigureOptions['onUploadError'];
  /** The release's language, read while typing (typographic quotes follow it). */
  readonly language?: () => string;
}

/** Only http, https and mailto addresses, exactly as the engine checks them. */
export function isAllowedLink(url: unknown): boolean {
  return typeof url === 'string' && isSafeHref(url);
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const EMAIL = /^[^\s/@:]+@[^\s/:@][^\s./:@]*\.[^\s/:@]+$/;

/**
 * What a user typed into the link form, as an address: "www.example.org"
 * becomes https, "presse@example.org" becomes mailto. Returns null for
 * anything that is not an allowed link afterwards.
 */
export function linkFromInput(input: string): string | null {
  const value = input.trim();
  if (value === '') return null;
  let href = value;
  if (!HAS_SCHEME.test(value)) {
    // Without a scheme only something that looks like a domain or an e-mail address is completed.
    if (!/^[^\s/]+\.[^\s/]+/.test(value)) return null;
    href = EMAIL.test(value) ? `mailto:${value}` : `https://${value}`;
  }
  return isAllowedLink(href) ? href : null;
}

/**
 * The body's extensions: StarterKit reduced to the document vocabulary of
 * shared/document (paragraph, h2/h3, bold, italic, link, comment anchors,
 * lists, quote, figure, table, hard break). Everything else is switched off so that neither typing nor pasting
 * can produce a node or mark the engine would refuse.
 */
export function createBodyExtensions(options: BodyExtensionOptions = {}): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3] },
      code: false,
      codeBlock: false,
      strike: false,
      underline: false,
      horizontalRule: false,
      // A trailing empty paragraph would end up in every stored release.
      trailingNode: false,
      link: {
        openOnClick: false,
        // Links are set on purpose through the link form; typed URLs stay text.
        autolink: false,
        linkOnPaste: true,
        protocols: [],
        defaultProtocol: 'https',
        HTMLAttributes: { target: null, rel: null, class: null },
        isAllowedUri: (url) => isAllowedLink(url),
        // Pasting an address onto selected text links it, but only to an allowed address.
        shouldAutoLink: (value) => linkFromInput(value) !== null,
      },
    }),
    Quote.configure({ shortcut: BODY_SHORTCUTS.quote }),
    Figure.configure({ upload: options.upload, onUploadError: options.onUploadError }),
    Table,
    PasteCleanup,
    Typography.configure({ language: options.language ?? (() => 'de') }),
    LinkShortcut.configure({ shortcut: BODY_SHORTCUTS.link, onRequest: options.onLinkRequest ?? (() => false) }),
    Comment.configure({ shortcut: BODY_SHORTCUTS.comment, onRequest: options.onCommentRequest ?? (() => false) }),
  ];
}

/** A stored body as TipTap content: the same JSON, which TipTap types as mutable. */
export function toEditorContent(body: DocumentNode): JSONContent {
  return body as unknown as JSONContent;
}

/**
 * The editor's JSON as a body. Not yet checked: the store compares it through
 * normalizeDocument and the engine refuses anything outside the vocabulary.
 */
export function fromEditorContent(json: JSONContent): DocumentNode {
  return json as unknown as DocumentNode;
}
