import type { DocumentNode, FigureAttrs } from '../document';

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
  readonly url?: string;
  readonly logoUrl?: string;
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
