import { documentFigures } from '../document';
import { absoluteUrl, safeHref } from './attrs';
import type { RenderInput } from './model';

/** Absolute against the base URL where there is one, else relative to the page. */
function absolute(base: string | undefined, path: string): string {
  return absoluteUrl(base, path) ?? path;
}

/** schema.org NewsArticle of a release, with its images as ImageObjects. */
export function newsArticleJsonLd(input: RenderInput): Record<string, unknown> {
  const office: Record<string, unknown> = { '@type': 'Organization', name: input.office.name };
  const officeUrl = safeHref(input.office.url);
  // The older setting's public logo address, else the bundle's own logo at the page's public address.
  const logoUrl =
    safeHref(input.office.logoUrl) ??
    (input.office.logo ? absoluteUrl(input.baseUrl, input.office.logo.path) : undefined);
  if (officeUrl) office.url = officeUrl;
  const publisher = {
    ...office,
    ...(logoUrl ? { logo: { '@type': 'ImageObject', url: logoUrl } } : {}),
  };
  const placed = [...(input.leadImage ? [input.leadImage] : []), ...documentFigures(input.body)];
  const seen = new Set<string>();
  const images = placed
    .filter((f) => !seen.has(f.assetId) && seen.add(f.assetId))
    .map((f) => {
      const asset = input.assets[f.assetId];
      const best = asset?.renditions.filter((r) => r.type === 'image/jpeg').at(-1);
      if (!asset || !best) return null;
      const image: Record<string, unknown> = {
        '@type': 'ImageObject',
        url: absolute(input.baseUrl, best.path),
        contentUrl: absolute(input.baseUrl, best.path),
        width: best.width,
        height: best.height,
      };
      if (f.caption) image.caption = f.caption;
      if (f.credit) image.creditText = f.credit;
      if (asset.creator) image.creator = { '@type': 'Person', name: asset.creator };
      if (asset.copyright) image.copyrightNotice = asset.copyright;
      return image;
    })
    .filter((x): x is Record<string, unknown> => x !== null);
  const newsArticle: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: input.headline,
  };
  if (input.subheadline) newsArticle.alternativeHeadline = input.subheadline;
  if (input.teaser) newsArticle.description = input.teaser;
  newsArticle.inLanguage = input.language;
  if (input.publishedAt) newsArticle.datePublished = input.publishedAt;
  newsArticle.dateModified = input.updatedAt;
  newsArticle.author = office;
  newsArticle.publisher = publisher;
  if (input.topic) newsArticle.articleSection = input.topic;
  if (input.tags.length > 0) newsArticle.keywords = input.tags.join(', ');
  if (input.dateline) newsArticle.locationCreated = { '@type': 'Place', name: input.dateline };
  if (images.length > 0) newsArticle.image = images;
  if (input.baseUrl) newsArticle.mainEntityOfPage = absolute(input.baseUrl, 'index.html');
  return newsArticle;
}
