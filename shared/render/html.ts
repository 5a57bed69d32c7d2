import type { BlockNode, FigureAttrs, InlineNode, Mark, TableNode } from '../document';
import type { CreditStyle } from '../domain/office';
import { absoluteUrl, headingLevel, listStart, pixels, safeHref, sizeAttrs } from './attrs';
import { escapeHtml as e, jsonForScript } from './escape';
import { directionOf, formatPageDate, labelsFor, type Labels } from './labels';
import { emailParts, quoteNamesSpeaker } from './office';
import { newsArticleJsonLd } from './jsonld';
import type { RenderAsset, RenderInput } from './model';

/** Sizes hint for body images: the text column is at most 46rem wide. */
const IMAGE_SIZES = '(min-width: 50rem) 46rem, 100vw';

/** A mark that shows in the output: comment anchors never do. */
type RenderedMark = Exclude<Mark, { type: 'comment' }>;

/** Marks as rendered: a link whose target is not safe keeps its text and loses the link; comments leave no trace. */
function renderableMarks(marks: readonly Mark[] | undefined): RenderedMark[] {
  return (marks ?? []).filter(
    (m): m is RenderedMark =>
      m.type === 'bold' || m.type === 'italic' || (m.type === 'link' && safeHref(m.attrs?.href) !== undefined),
  );
}

function openMark(mark: RenderedMark): string {
  switch (mark.type) {
    case 'bold':
      return '<strong>';
    case 'italic':
      return '<em>';
    case 'link':
      return `<a href="${e(mark.attrs.href)}">`;
  }
}

function closeMark(mark: RenderedMark): string {
  return mark.type === 'bold' ? '</strong>' : mark.type === 'italic' ? '</em>' : '</a>';
}

/** Inline content with properly nested marks: open and close only where they change. */
function inline(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  let out = '';
  let open: RenderedMark[] = [];
  const key = (m: RenderedMark) => JSON.stringify(m);
  for (const node of content) {
    const marks = node.type === 'text' ? renderableMarks(node.marks) : [];
    let keep = 0;
    while (keep < open.length && keep < marks.length && key(open[keep]!) === key(marks[keep]!)) keep++;
    for (let i = open.length - 1; i >= keep; i--) out += closeMark(open[i]!);
    open = open.slice(0, keep);
    for (const m of marks.slice(keep)) {
      out += openMark(m);
      open.push(m);
    }
    out += node.type === 'text' ? e(node.text) : '<br>';
  }
  for (let i = open.length - 1; i >= 0; i--) out += closeMark(open[i]!);
  return out;
}

/**
 * Caption and credit in their own elements, apart as the office's credit
 * style says: after the caption („… – Foto: © dpa“), in parentheses, or (the
 * default) on a line of its own.
 */
function figcaptionHtml(captionText: string, creditText: string, style: CreditStyle | undefined): string {
  const caption = captionText ? `<span class="caption">${e(captionText)}</span>` : '';
  const credit = creditText ? `<span class="credit">${e(creditText)}</span>` : '';
  if (!caption || !credit) return caption || credit ? `<figcaption>${caption}${credit}</figcaption>` : '';
  const joined =
    style === 'after'
      ? `${caption} – ${credit}`
      : style === 'parentheses'
        ? `${caption} (${credit})`
        : `${caption}<br>${credit}`;
  return `<figcaption>${joined}</figcaption>`;
}

/** A figure: `<picture>` with WebP and JPEG renditions, and caption and credit in their own elements. */
export function figureHtml(
  figure: FigureAttrs,
  asset: RenderAsset | undefined,
  className: string,
  eager = false,
  creditStyle?: CreditStyle,
): string {
  if (!asset || asset.renditions.length === 0) return '';
  const jpegs = asset.renditions.filter((r) => r.type === 'image/jpeg');
  const webps = asset.renditions.filter((r) => r.type === 'image/webp');
  const fallback = jpegs.find((r) => r.width >= 960) ?? jpegs[jpegs.length - 1] ?? asset.renditions[0]!;
  const srcset = (list: typeof jpegs) =>
    list
      .filter((r) => pixels(r.width) !== undefined)
      .map((r) => `${e(r.path)} ${r.width}w`)
      .join(', ');
  const alt = figure.decorative ? '' : figure.alt;
  const figcaption = figcaptionHtml(figure.caption, figure.credit, creditStyle);
  return (
    `<figure class="${className}">` +
    `<picture>${webps.length > 0 ? `<source type="image/webp" srcset="${srcset(webps)}" sizes="${IMAGE_SIZES}">` : ''}` +
    `<img src="${e(fallback.path)}" srcset="${srcset(jpegs)}" sizes="${IMAGE_SIZES}"${sizeAttrs(fallback.width, fallback.height)} alt="${e(alt)}" loading="${eager ? 'eager' : 'lazy'}" decoding="async"></picture>` +
    `${figcaption}</figure>`
  );
}

function block(node: BlockNode, input: RenderInput): string {
  switch (node.type) {
    case 'paragraph':
      return node.content ? `<p>${inline(node.content)}</p>` : '';
    case 'heading': {
      const level = headingLevel(node.attrs?.level);
      return `<h${level}>${inline(node.content)}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${node.content.map((item) => `<li>${item.content.map((b) => block(b, input)).join('')}</li>`).join('')}</ul>`;
    case 'orderedList': {
      const first = listStart(node.attrs?.start);
      const start = first !== 1 ? ` start="${first}"` : '';
      return `<ol${start}>${node.content.map((item) => `<li>${item.content.map((b) => block(b, input)).join('')}</li>`).join('')}</ol>`;
    }
    case 'blockquote':
      return `<blockquote>${node.content.map((b) => block(b, input)).join('')}</blockquote>`;
    case 'quote': {
      // A quote that names its speaker itself („…“, sagte Minister Lucha) gets no second attribution.
      const by =
        node.attrs.speaker && !quoteNamesSpeaker(node)
          ? `<figcaption>— <cite>${e(node.attrs.speaker)}</cite>${node.attrs.role ? `, ${e(node.attrs.role)}` : ''}</figcaption>`
          : '';
      return `<figure class="statement"><blockquote>${node.content.map((b) => block(b, input)).join('')}</blockquote>${by}</figure>`;
    }
    case 'figure':
      return figureHtml(node.attrs, input.assets[node.attrs.assetId], 'image', false, input.office.creditStyle);
    case 'table':
      return tableHtml(node);
  }
}

/** A table: the first row as column headers in `<thead>` (`<th scope="col">`), the others in `<tbody>`. */
function tableHtml(node: TableNode): string {
  const [head, ...rows] = node.content;
  const headers = head
    ? `<thead><tr>${head.content.map((c) => `<th scope="col">${inline(c.content)}</th>`).join('')}</tr></thead>`
    : '';
  const body =
    rows.length > 0
      ? `<tbody>${rows.map((row) => `<tr>${row.content.map((c) => `<td>${inline(c.content)}</td>`).join('')}</tr>`).join('')}</tbody>`
      : '';
  return `<div class="table"><table>${headers}${body}</table></div>`;
}

function meta(name: string, content: string, attr: 'name' | 'property' = 'name'): string {
  return `<meta ${attr}="${e(name)}" content="${e(content)}">`;
}

function ogLocale(language: string): string {
  const [lang, region] = language.split('-');
  if (region && /^[A-Z]{2}$/i.test(region)) return `${lang!.toLowerCase()}_${region.toUpperCase()}`;
  const defaults: Record<string, string> = {
    de: 'de_DE',
    en: 'en_GB',
    fr: 'fr_FR',
    tr: 'tr_TR',
    ar: 'ar_AR',
    uk: 'uk_UA',
  };
  return defaults[(lang ?? '').toLowerCase()] ?? (lang ?? 'de').toLowerCase();
}

function socialTags(input: RenderInput, lead: RenderAsset | undefined): string[] {
  const url = absoluteUrl(input.baseUrl, 'index.html');
  const tags = [
    meta('og:type', 'article', 'property'),
    meta('og:title', input.headline, 'property'),
    meta('og:description', input.teaser, 'property'),
    meta('og:site_name', input.office.name, 'property'),
    meta('og:locale', ogLocale(input.language), 'property'),
  ];
  if (url) tags.push(meta('og:url', url, 'property'));
  const image = lead?.renditions.filter((r) => r.type === 'image/jpeg').at(-1);
  const imageUrl = image ? (absoluteUrl(input.baseUrl, image.path) ?? image.path) : undefined;
  if (image && imageUrl && input.leadImage) {
    tags.push(
      meta('og:image', imageUrl, 'property'),
      meta('og:image:type', 'image/jpeg', 'property'),
      meta('og:image:width', String(image.width), 'property'),
      meta('og:image:height', String(image.height), 'property'),
      meta('og:image:alt', input.leadImage.decorative ? '' : input.leadImage.alt, 'property'),
    );
  }
  if (input.publishedAt) tags.push(meta('article:published_time', input.publishedAt, 'property'));
  tags.push(meta('article:modified_time', input.updatedAt, 'property'));
  if (input.topic) tags.push(meta('article:section', input.topic, 'property'));
  for (const tag of input.tags) tags.push(meta('article:tag', tag, 'property'));
  tags.push(
    meta('twitter:card', image ? 'summary_large_image' : 'summary'),
    meta('twitter:title', input.headline),
    meta('twitter:description', input.teaser),
  );
  if (image && imageUrl && input.leadImage)
    tags.push(
      meta('twitter:image', imageUrl),
      meta('twitter:image:alt', input.leadImage.decorative ? '' : input.leadImage.alt),
    );
  return tags;
}

/** A line of plain text with each e-mail address a `mailto:` link. */
function linkEmails(line: string): string {
  return emailParts(line)
    .map((part) => {
      const href = part.email ? safeHref(`mailto:${part.text}`) : undefined;
      return href ? `<a href="${e(href)}">${e(part.text)}</a>` : e(part.text);
    })
    .join('');
}

function paragraphs(text: string, line: (text: string) => string = e): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(line).join('<br>')}</p>`)
    .join('');
}

/** Who issued the release: the office's logo and name at the top of the page. */
function officeBanner(input: RenderInput): string {
  const { name, logo } = input.office;
  if (!name && !logo) return '';
  const img = logo
    ? `<img class="office-logo" src="${e(logo.path)}"${sizeAttrs(logo.width, logo.height)} alt="${e(name || 'Logo')}">`
    : '';
  const label = name && !logo ? `<span class="office-name">${e(name)}</span>` : '';
  const url = safeHref(input.office.url);
  const inner = `${img}${label}`;
  return `<header class="office">${url ? `<a href="${e(url)}">${inner}</a>` : inner}</header>`;
}

/** The office's name and postal address at the foot of the page. */
function officeFooter(input: RenderInput, labels: Labels): string {
  const { name, address } = input.office;
  if (!name && !address?.trim()) return '';
  const lines = [name, ...(address ?? '').split('\n')].map((l) => l.trim()).filter(Boolean);
  return `<footer class="office"><p>${e(labels.issuedBy)}:</p><address>${lines.map(e).join('<br>')}</address></footer>`;
}

function section(id: string, title: string, content: string): string {
  return `<section class="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${e(title)}</h2>${content}</section>`;
}

function relatedReleasesHtml(input: RenderInput, labels: Labels): string {
  if (input.relatedReleases.length === 0) return '';
  const cards = input.relatedReleases
    .map((r) => {
      const url = safeHref(r.url);
      const img = r.image
        ? `<figure class="card-image"><img src="${e(r.image.path)}"${sizeAttrs(r.image.width, r.image.height)} alt="${e(r.image.alt)}" loading="lazy" decoding="async">${r.image.credit ? `<figcaption class="credit">${e(r.image.credit)}</figcaption>` : ''}</figure>`
        : '';
      const headline = url ? `<a href="${e(url)}">${e(r.headline)}</a>` : e(r.headline);
      return `<li class="card">${img}${r.topic ? `<p class="kicker">${e(r.topic)}</p>` : ''}<h3>${headline}</h3></li>`;
    })
    .join('');
  return section('related-releases', labels.relatedReleases, `<ul class="cards">${cards}</ul>`);
}

/**
 * The release as one self-contained, valid HTML page: the bundle's
 * index.html and the in-app preview. Pure and deterministic: the same input
 * gives the same bytes.
 */
export function renderReleaseHtml(input: RenderInput): string {
  const labels = labelsFor(input.language);
  const lead = input.leadImage ? input.assets[input.leadImage.assetId] : undefined;
  const title = input.office.name ? `${input.headline} – ${input.office.name}` : input.headline;
  const canonical = absoluteUrl(input.baseUrl, 'index.html');
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    meta('description', input.teaser),
    meta('generator', 'Pressdesk'),
  ];
  if (input.embargoed) head.push(meta('robots', 'noindex, nofollow, noarchive'));
  if (canonical && !input.embargoed) head.push(`<link rel="canonical" href="${e(canonical)}">`);
  if (!input.embargoed) head.push(...socialTags(input, lead));
  head.push(`<link rel="stylesheet" href="${e(input.stylesheet)}">`);
  if (!input.embargoed)
    head.push(`<script type="application/ld+json">${jsonForScript(newsArticleJsonLd(input))}</script>`);

  const date = input.publishedAt ?? input.updatedAt;
  const metaLine = [
    input.dateline ? `<span class="dateline">${e(input.dateline)}</span>` : '',
    `<time datetime="${e(date)}">${e(formatPageDate(date, input.language))}</time>`,
    input.releaseNumber
      ? `<span class="release-number" title="${e(labels.releaseNumber)}">${e(input.releaseNumber)}</span>`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  const body = input.body.content.map((b) => block(b, input)).join('\n');
  const links =
    input.relatedLinks.length > 0
      ? section(
          'related-links',
          labels.relatedLinks,
          `<ul>${input.relatedLinks
            .map((l) => {
              const url = safeHref(l.url);
              return url ? `<li><a href="${e(url)}">${e(l.title || l.url)}</a></li>` : `<li>${e(l.title)}</li>`;
            })
            .join('')}</ul>`,
        )
      : '';
  const parts = [
    input.embargoed && input.embargoUntil
      ? `<p class="embargo" role="note">${e(labels.embargo(input.embargoUntil))}</p>`
      : '',
    officeBanner(input),
    '<main>',
    '<article>',
    '<header>',
    input.topic ? `<p class="kicker">${e(input.topic)}</p>` : '',
    `<h1>${e(input.headline)}</h1>`,
    input.subheadline ? `<p class="subheadline">${e(input.subheadline)}</p>` : '',
    `<p class="meta">${metaLine}</p>`,
    '</header>',
    input.teaser ? `<p class="teaser">${e(input.teaser)}</p>` : '',
    input.leadImage ? figureHtml(input.leadImage, lead, 'lead', true, input.office.creditStyle) : '',
    `<div class="body">\n${body}\n</div>`,
    links,
    relatedReleasesHtml(input, labels),
    input.pressContact.trim()
      ? section(
          'press-contact',
          labels.pressContact,
          `<address>${paragraphs(input.pressContact, linkEmails)}</address>`,
        )
      : '',
    input.boilerplate.trim() ? section('boilerplate', labels.about, paragraphs(input.boilerplate)) : '',
    '</article>',
    '</main>',
    officeFooter(input, labels),
  ].filter(Boolean);
  return `<!DOCTYPE html>\n<html lang="${e(input.language)}" dir="${directionOf(input.language)}">\n<head>\n${head.join('\n')}\n</head>\n<body>\n${parts.join('\n')}\n</body>\n</html>\n`;
}
