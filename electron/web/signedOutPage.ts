/**
 * The page a browser gets instead of the app when it has no session of this
 * run: usually a reload after web mode was started again (each start makes a
 * new sign-in address and forgets the old session). German first, English
 * when the browser prefers it. Plain markup: the strict CSP allows no inline
 * script or style, and the page needs neither.
 */

export type PageLanguage = 'de' | 'en';

const TEXT: Record<PageLanguage, { title: string; lead: string; next: string; hint: string }> = {
  de: {
    title: 'Pressdesk: bitte neu anmelden',
    lead: 'Der Web-Modus wurde neu gestartet (oder diese Sitzung ist abgelaufen).',
    next: 'Öffnen Sie die neue Adresse, die „npm run web“ im Terminal ausgegeben hat.',
    hint: 'Jede Adresse meldet einmal an; ein Neuladen dieser Seite genügt nicht.',
  },
  en: {
    title: 'Pressdesk: please sign in again',
    lead: 'Web mode was restarted (or this session has ended).',
    next: 'Open the new address printed by “npm run web” in the terminal.',
    hint: 'Each address signs in once; reloading this page is not enough.',
  },
};

/**
 * The language of the page by the Accept-Language header: the first of German
 * and English the browser names with a quality above zero, German when it
 * names neither.
 */
export function pageLanguage(acceptLanguage: string | undefined): PageLanguage {
  const ranked = (acceptLanguage ?? '')
    .slice(0, 1000)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      // A malformed quality counts as none (q=0).
      const q = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
      const quality = q === undefined ? 1 : /^q=(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.test(q) ? Number(q.slice(2)) : 0;
      return {
        lang: tag.trim().toLowerCase().split('-')[0] ?? '',
        quality,
        index,
      };
    })
    .filter((x) => x.quality > 0 && (x.lang === 'de' || x.lang === 'en'))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked[0]?.lang === 'en' ? 'en' : 'de';
}

/** True for a browser asking for a page (a navigation or reload), not for the app's API, events or files. */
export function wantsPage(method: string | undefined, pathname: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (!/(?:^|[\s,])text\/html(?:[\s;,]|$)/i.test(accept ?? '')) return false;
  if (/^\/(?:api|asset|events|full-backup)(?:\/|$)/.test(pathname)) return false;
  // The app's own routes have no extension; files are asked for by scripts and tags, not as pages.
  return !/\.[a-z0-9]+$/i.test(pathname) || pathname.endsWith('.html');
}

/** The whole page as HTML text in `lang`, the other language below it. */
export function signedOutPage(lang: PageLanguage): string {
  const other: PageLanguage = lang === 'de' ? 'en' : 'de';
  const section = (l: PageLanguage, first: boolean): string => {
    const t = TEXT[l];
    const heading = first ? 'h1' : 'h2';
    return [
      `<section lang="${l}">`,
      `<${heading}>${t.title}</${heading}>`,
      `<p>${t.lead}</p>`,
      `<p><strong>${t.next}</strong></p>`,
      `<p>${t.hint}</p>`,
      '</section>',
    ].join('\n');
  };
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TEXT[lang].title}</title>`,
    '</head>',
    '<body>',
    '<main>',
    section(lang, true),
    '<hr>',
    section(other, false),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
