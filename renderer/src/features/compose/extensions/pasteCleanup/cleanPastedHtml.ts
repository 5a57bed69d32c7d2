import { isSafeHref } from '../../../../../../shared/document/links';

/** Elements whose whole content is page furniture, code or media: dropped with everything inside. */
const DROP = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'input',
  'select',
  'textarea',
  'svg',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'meta',
  'link',
  'title',
  'head',
  'xml',
];

/** Class or id names of advertising, sharing and newsletter boxes on news pages. */
const FURNITURE =
  /(?:^|[\s_-])(?:ad|ads|advert|advertisement|anzeige|banner|promo|sponsor|social|share|sharing|newsletter|cookie|consent|paywall|related|recommend(?:ed|ations)?|comments?)(?:$|[\s_-])/i;

/** Attributes that survive, per element; everything else (style, class, id, on*, data-*) goes. */
const KEEP: Record<string, readonly string[]> = {
  a: ['href'],
  ol: ['start'],
  blockquote: ['data-type', 'data-speaker', 'data-role'],
};

function unwrap(el: Element): void {
  el.replaceWith(...Array.from(el.childNodes));
}

function rename(el: Element, tag: string): Element {
  const next = el.ownerDocument.createElement(tag);
  next.append(...Array.from(el.childNodes));
  el.replaceWith(next);
  return next;
}

/** Google's redirect links (google.com/url?q=…) point at the real address. */
function realHref(href: string): string {
  try {
    const url = new URL(href);
    if (/(?:^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/url')
      return url.searchParams.get('q') ?? href;
  } catch {
    // not a URL: the check below drops it
  }
  return href;
}

/**
 * Word writes lists as paragraphs with `mso-list` styles and a bullet or
 * number in an `mso-list:Ignore` span; this makes them real lists.
 */
function wordLists(body: HTMLElement): void {
  const items = Array.from(body.querySelectorAll('p')).filter((p) =>
    /mso-list:\s*l\d/i.test(p.getAttribute('style') ?? ''),
  );
  let list: HTMLElement | null = null;
  let previous: Element | null = null;
  for (const p of items) {
    const marker = p.querySelector('span[style*="mso-list:Ignore" i], span[style*="mso-list: Ignore" i]');
    const markerText = marker?.textContent?.trim() ?? '';
    marker?.remove();
    const ordered = /^[\da-z]{1,3}[.)]/i.test(markerText);
    if (!list || previous?.nextElementSibling !== p || (list.tagName === 'OL') !== ordered) {
      list = body.ownerDocument.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    const li = body.ownerDocument.createElement('li');
    const para = body.ownerDocument.createElement('p');
    para.append(...Array.from(p.childNodes));
    li.append(para);
    list.append(li);
    previous = list;
    p.remove();
  }
}

/** Bold and italic that Google Docs and others express only as inline styles. */
function styledMarks(el: Element): void {
  const style = (el.getAttribute('style') ?? '').toLowerCase();
  const bold = /font-weight:\s*(?:bold|[6-9]00)/.test(style);
  const italic = /font-style:\s*italic/.test(style);
  if (!bold && !italic) return;
  const doc = el.ownerDocument;
  let inner: Element = el;
  for (const [on, tag] of [
    [bold, 'strong'],
    [italic, 'em'],
  ] as const) {
    if (!on) continue;
    const wrapper = doc.createElement(tag);
    wrapper.append(...Array.from(inner.childNodes));
    inner.append(wrapper);
    inner = wrapper;
  }
}

/**
 * Clipboard HTML (Word, Google Docs, web pages) reduced to what the body's
 * vocabulary can hold: headings, paragraphs, lists, links, bold and italic.
 * Styles, classes, fonts, scripts, event handlers, comments, images and
 * tracking pixels, page furniture and unsafe links are dropped. What remains
 * is parsed by the editor's schema, which drops anything else.
 */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;

  // Comments, including Word's conditional ones.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode?.removeChild(c));

  body.querySelectorAll(DROP.join(',')).forEach((el) => el.remove());
  Array.from(body.querySelectorAll('[class], [id]'))
    .filter((el) => FURNITURE.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`))
    .forEach((el) => el.remove());

  // Line breaks between blocks (Google Docs, Safari's interchange newline) would become empty paragraphs.
  body.querySelectorAll('br.Apple-interchange-newline').forEach((el) => el.remove());
  Array.from(body.querySelectorAll('br'))
    .filter((br) => br.parentElement === body || br.parentElement?.matches('b[id^="docs-internal-guid"]'))
    .forEach((br) => br.remove());

  wordLists(body);
  // Word's <o:p> and other namespaced elements carry no text of their own.
  Array.from(body.getElementsByTagName('*'))
    .filter((el) => el.tagName.includes(':'))
    .forEach(unwrap);

  // Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">.
  body.querySelectorAll('b[id^="docs-internal-guid"]').forEach(unwrap);
  body.querySelectorAll('b, strong').forEach((el) => {
    if (/font-weight:\s*(?:normal|[1-4]00)/i.test(el.getAttribute('style') ?? '')) unwrap(el);
  });
  body.querySelectorAll('span, font').forEach(styledMarks);

  // The body knows two heading levels below the release's headline.
  body.querySelectorAll('h1').forEach((el) => rename(el, 'h2'));
  body.querySelectorAll('h4, h5, h6').forEach((el) => rename(el, 'h3'));

  body.querySelectorAll('a').forEach((a) => {
    const href = realHref(a.getAttribute('href') ?? '');
    if (isSafeHref(href)) a.setAttribute('href', href);
    else unwrap(a);
  });

  for (const el of Array.from(body.getElementsByTagName('*'))) {
    const keep = KEEP[el.tagName.toLowerCase()] ?? [];
    for (const attr of Array.from(el.attributes)) {
      if (!keep.includes(attr.name.toLowerCase())) el.removeAttribute(attr.name);
    }
  }
  body.querySelectorAll('span, font, div[role], section, article, main').forEach(unwrap);
  return body.innerHTML;
}
