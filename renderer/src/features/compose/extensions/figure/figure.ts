import { mergeAttributes, Node } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ReactNodeViewRenderer } from '@tiptap/react';
import type { Asset } from '../../../../../../shared/domain/asset';
import { houseCredit } from '../../../../../../shared/domain/credit';
import { FigureView } from './FigureView';

export interface FigureOptions {
  /**
   * Stores a dropped, pasted or picked image file and returns the asset;
   * without it, image files are not accepted in the body.
   * @default undefined
   */
  upload?: (file: File) => Promise<Asset>;
  /**
   * Told when an upload fails (with the error), so the screen can say why.
   * @default undefined
   */
  onUploadError?: (error: unknown) => void;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: {
      /** Inserts a figure for a stored image, with caption, credit and alt text taken from the photo as defaults. */
      insertFigure: (asset: Asset) => ReturnType;
    };
  }
}

/** The figure attributes a freshly placed asset starts with: its metadata, credit in the house format. */
export function figureFromAsset(asset: Asset) {
  return {
    assetId: asset.id,
    caption: asset.caption,
    credit: houseCredit(asset.credit, asset.creator),
    creditRaw: asset.credit,
    alt: asset.alt,
    decorative: false,
  };
}

const IMAGE_TYPES = /^image\/(?:jpeg|png|webp|gif|avif|tiff)$/;

function imageFiles(list: FileList | null | undefined): File[] {
  return list ? Array.from(list).filter((f) => IMAGE_TYPES.test(f.type)) : [];
}

/**
 * An image placed in the body: a stored asset plus caption, credit and alt
 * text of this placement (the `figure` node of shared/document). Images
 * dropped or pasted into the body are stored first and then placed.
 */
export const Figure = Node.create<FigureOptions>({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { upload: undefined, onUploadError: undefined };
  },

  addAttributes() {
    const text = (name: string) => ({
      default: '',
      parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name.toLowerCase()}`) ?? '',
      renderHTML: (attrs: Record<string, unknown>) => {
        const value = attrs[name];
        return { [`data-${name.toLowerCase()}`]: typeof value === 'string' ? value : '' };
      },
    });
    return {
      assetId: text('assetId'),
      caption: text('caption'),
      credit: text('credit'),
      creditRaw: text('creditRaw'),
      alt: text('alt'),
      decorative: {
        default: false,
        parseHTML: (el: HTMLElement) => el.getAttribute('data-decorative') === 'true',
        renderHTML: (attrs: Record<string, unknown>) => ({
          'data-decorative': attrs.decorative === true ? 'true' : 'false',
        }),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-type="figure"][data-assetid]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', mergeAttributes(HTMLAttributes, { 'data-type': 'figure' })];
  },

  addNodeView() {
    return ReactNodeViewRenderer(FigureView);
  },

  addCommands() {
    return {
      insertFigure:
        (asset) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: figureFromAsset(asset) }),
    };
  },

  addProseMirrorPlugins() {
    const { upload, onUploadError } = this.options;
    const editor = this.editor;
    if (!upload) return [];
    const place = (files: File[], at?: number): void => {
      void (async () => {
        for (const file of files) {
          try {
            const asset = await upload(file);
            const chain = editor.chain().focus();
            if (at !== undefined) chain.setTextSelection(Math.min(at, editor.state.doc.content.size));
            chain.insertFigure(asset).run();
          } catch (error) {
            onUploadError?.(error);
          }
        }
      })();
    };
    return [
      new Plugin({
        key: new PluginKey('figureFiles'),
        props: {
          handleDrop(view, event) {
            const files = imageFiles(event.dataTransfer?.files);
            if (files.length === 0) return false;
            event.preventDefault();
            const pos = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
            place(files, pos);
            return true;
          },
          handlePaste(_view, event) {
            const files = imageFiles(event.clipboardData?.files);
            if (files.length === 0) return false;
            event.preventDefault();
            place(files);
            return true;
          },
        },
      }),
    ];
  },
});
