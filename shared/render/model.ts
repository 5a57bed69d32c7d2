import type { DocumentNode, FigureAttrs } from '../document';
import type { CreditStyle } from '../domain/office';

/** One image rendition in the bundle (path relative to index.html). */
export interface Rendition {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly type: 'image/webp' | 'image/jpeg';
}

/** A stored image as the bundle has it: its size, rights data and renditions. */
export interface RenderAsset {
  readonly width: number;
  readonly height: number;
  readonly creator: string;
  readonly copyright: string;
  /** Renditions, smallest first; JPEGs and WebPs of the same widths. */
  readonly renditions: readonly Rendition[];
}

/** A teaser card of another release (Weitere Meldungen). */
export interface RelatedRelease {
  readonly topic: string;
  readonly headline: string;
  readonly url?: string;
  readonly image?: {
    readonly path: string;
    readonly alt: string;
    readonly credit: string;
    readonly width: number;
    readonly height: number;
  };
}

export interface RelatedLink {
  readonly title: string;
  readonly url: string;
}

/** The press office, as configured in the settings. */
export interface Office {
  readonly name: string;
  /** The office website (the page names it as publisher; related releases link below it). */
  readonly url?: string;
  /** A public address of the logo for JSON-LD (the older export setting). */
  readonly logoUrl?: string;
  /** The logo shown on the page, a file of the bundle (or the stored image in the preview). */
  readonly logo?: { readonly path: string; readonly width: number; readonly height: number };
  /** The postal address, with line breaks. */
  readonly address?: string;
  /** Where a figure's credit stands next to its caption; without a choice, on its own line (in text, in parentheses). */
  readonly creditStyle?: CreditStyle;
}

/** Everything the bundle's pages are made from. Pure data: rendering is deterministic. */
export interface RenderInput {
  readonly id: string;
  readonly version: number;
  readonly language: string;
  readonly topic: string;
  readonly headline: string;
  readonly subheadline: string;
  readonly teaser: string;
  readonly dateline: string;
  /** The release number given when it was first published („PM 7/2026“); empty before. */
  readonly releaseNumber?: string;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
  readonly embargoUntil: string | null;
  readonly tags: readonly string[];
  readonly body: DocumentNode;
  /** The lead image (Aufmacherbild): caption, credit and alt text of this placement. */
  readonly leadImage: FigureAttrs | null;
  /** Every image the release shows, by asset id. */
  readonly assets: Readonly<Record<string, RenderAsset>>;
  readonly relatedLinks: readonly RelatedLink[];
  readonly relatedReleases: readonly RelatedRelease[];
  readonly pressContact: string;
  readonly boilerplate: string;
  readonly office: Office;
  /** Public base URL of the release page (for canonical, og:url and absolute image URLs). */
  readonly baseUrl?: string;
  /** Render the embargoed form: notice, noindex, no Open Graph, no JSON-LD. */
  readonly embargoed: boolean;
  /** Path of the theme stylesheet. */
  readonly stylesheet: string;
}
