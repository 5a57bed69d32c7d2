import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentToPlainText } from '../../../shared/document';
import { makeTempDir } from '../testing/tempDir';
import { engineInternals } from '../testing/internals';
import { openWorkstation, type Workstation } from '../workstation';
import { decodeText } from './decodeText';
import { pageDate, pageReader, type PageReader } from './htmlRelease';
import { importSources, type ImportSource } from './importer';
import { headingOfTitle, SiteSuffixes, stripSiteName, titleSuffix } from './pageChrome';

const PAGES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures-pages');
// The reader with its DOM and Readability loaded once: the tests read pages synchronously.
let readPageRelease: PageReader;
beforeAll(async () => {
  readPageRelease = await pageReader();
});
const page = (name: string) => readPageRelease(decodeText(readFileSync(join(PAGES, name)), 'html').text);
const bodyText = (name: string) => documentToPlainText(page(name).fields.body);

/** Chrome that must not reach a release's body. */
const CHROME = [
  'überspringen',
  'Zum Inhalt springen',
  'Hochauflösendes Bild',
  'Ihr Browser unterstützt',
  'Datenübertragung an YouTube',
  'Bildern',
  'Anzeigen',
  'gesponserten',
  'Hinweis zu der Meldung',
  'Cookie',
];

describe('real pages: site chrome stays out', () => {
  it('bundesrat.de: no skip link, player notice, download link or gallery counter; the text stays', () => {
    const text = bodyText('bundesrat-gedenken.html');
    for (const chrome of CHROME) expect(text).not.toContain(chrome);
    expect(text).toContain('Im Vorfeld des Gedenktages forderte Bundesratspräsident Bodo Ramelow');
    expect(text).toContain('Bundesratspräsident Bodo Ramelow beteiligt sich an der internationalen Gedenkkampagne');
    expect(page('bundesrat-gedenken.html').fields.headline).toBe('Erinnerung an die Opfer der NS-Verbrechen');
  });

  it('bundeskanzleramt.gv.at: the headline without „ - Bundeskanzleramt Österreich“, the date from the page', () => {
    const { fields } = page('bundeskanzleramt-raab.html');
    expect(fields.headline).toBe(
      'Bundesministerin Raab: Mit Ländern und Unternehmen frauen- und familienfreundliche Rahmenbedingungen gestalten',
    );
    // <time datetime="2022-02-01">: a day in Berlin.
    expect(fields.publishedAt).toBe('2022-01-31T23:00:00.000Z');
    expect(documentToPlainText(fields.body)).toContain('betonte Bundesministerin Susanne Raab');
  });

  it('hildesheimer-presse.de: no skip link and no advertising labels', () => {
    const text = bodyText('hildesheimer-presse-hund.html');
    for (const chrome of CHROME) expect(text).not.toContain(chrome);
    expect(text.startsWith('Am 31.10.2023, gegen 23:40 Uhr')).toBe(true);
    expect(text).toContain('Nahbereichsfahndung');
    expect(page('hildesheimer-presse-hund.html').fields.headline).toBe('Hund vertreibt Einbrecher – Zeugenaufruf');
  });

  it('gruene-bundestag.de: the date below the headline, with none in the metadata', () => {
    const { fields } = page('gruene-bundestag-cop26.html');
    expect(fields.headline).toBe('COP26 in Glasgow');
    expect(fields.publishedAt).toBe('2021-11-02T23:00:00.000Z');
    expect(fields.status).toBe('published');
  });

  it('justice.gov: the English date line above the headline, not a date in the text', () => {
    const { fields } = page('justice-gov-cybercrime-dialogue.html');
    expect(fields.headline).toMatch(/^First U\.S\.-China High-Level Joint Dialogue on Cybercrime/);
    // „Wednesday, December 2, 2015“: a day in Berlin, like every date without a time.
    expect(fields.publishedAt).toBe('2015-12-01T23:00:00.000Z');
    expect(documentToPlainText(fields.body).startsWith('On Dec. 1, 2015, in Washington, D.C.')).toBe(true);
  });

  it('bmjv.de: the heading instead of the site name, without its kicker, and not twice', () => {
    const { fields } = page('bmjv-preisanpassung.html');
    expect(fields.headline).toBe('Mehr Transparenz bei Preisanpassungen');
    const text = documentToPlainText(fields.body);
    expect(text).not.toContain('Transparenz bei Preisanpassungen');
    expect(text).toContain('(Billigkeitskontrolle nach § 315 BGB)');
    // No date anywhere near the article: undated, not dated by the import.
    expect(fields.publishedAt).toBeNull();
    expect(fields.status).toBe('draft');
  });
});

const html = (head: string, body: string) =>
  `<!doctype html><html lang="de"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
const PARAGRAPH =
  '<p>Die Stadt hat am Freitag den neuen Radweg entlang der Ruhr freigegeben. Er ist 4,2 Kilometer lang.</p>';

describe('headline, date and chrome of a page', () => {
  it('strips the site name given as og:site_name from the title, at its end or start', () => {
    for (const title of ['Radweg freigegeben | Stadt Beispielhausen', 'Stadt Beispielhausen - Radweg freigegeben']) {
      const release = readPageRelease(
        html(`<title>${title}</title><meta property="og:site_name" content="Stadt Beispielhausen">`, PARAGRAPH),
      );
      expect(release.fields.headline).toBe('Radweg freigegeben');
    }
    // og:title with the suffix, and the page's heading without it.
    const release = readPageRelease(
      html(
        '<meta property="og:title" content="Radweg freigegeben – Stadt Beispielhausen">',
        `<article><h1>Radweg freigegeben</h1>${PARAGRAPH}</article>`,
      ),
    );
    expect(release.fields.headline).toBe('Radweg freigegeben');
    expect(release.titleSuffix).toBeNull();
    // A dash inside a headline is not a site's name.
    expect(readPageRelease(html('<title>Ruhr - Radweg - Neue Wege</title>', PARAGRAPH)).fields.headline).toBe(
      'Ruhr - Radweg - Neue Wege',
    );
  });

  it('reads the date from <time datetime>, a „07.05.2019“ near the headline, or an English date', () => {
    const at = (body: string) => readPageRelease(html('<title>Radweg freigegeben</title>', body)).fields.publishedAt;
    expect(
      at(`<article><h1>Radweg freigegeben</h1><time datetime="2019-05-07">7. Mai</time>${PARAGRAPH}</article>`),
    ).toBe('2019-05-06T22:00:00.000Z');
    expect(at(`<article><p class="date">07.05.2019</p><h1>Radweg freigegeben</h1>${PARAGRAPH}</article>`)).toBe(
      '2019-05-06T22:00:00.000Z',
    );
    expect(at(`<article><p>Wednesday, December 2, 2015</p><h1>Radweg freigegeben</h1>${PARAGRAPH}</article>`)).toBe(
      '2015-12-01T23:00:00.000Z',
    );
    expect(at(`<article><h1>Radweg freigegeben</h1><div>Presse 07.05.2019</div>${PARAGRAPH}</article>`)).toBe(
      '2019-05-06T22:00:00.000Z',
    );
    expect(at(`<article><h1>Radweg freigegeben</h1><div>May 7, 2019</div>${PARAGRAPH}</article>`)).toBe(
      '2019-05-06T22:00:00.000Z',
    );
    // A date far below the headline (a footer's „Stand“) is not the release's.
    expect(
      at(`<article><h1>Radweg freigegeben</h1>${PARAGRAPH.repeat(5)}<p>Stand: 08.05.2019</p></article>`),
    ).toBeNull();
  });

  it('reads English dates after other words, and no date from words that only look like one', () => {
    expect(pageDate('Seite 12 2020, Investment April 26, 2022')).toBe('2022-04-25T22:00:00.000Z');
    expect(pageDate('Posted on 3rd\nMarch 2021')).toBe('2021-03-02T23:00:00.000Z');
    expect(pageDate('Sept. 9, 2021')).toBe('2021-09-08T22:00:00.000Z');
    expect(pageDate('Sep. 9, 2021')).toBe('2021-09-08T22:00:00.000Z');
    expect(pageDate('Mayor 12 2020')).toBeNull();
    expect(pageDate('February 30, 2021')).toBeNull();
  });

  it('drops cookie banners, skip links, players with their notices and download links', () => {
    const release = readPageRelease(
      html(
        '<title>Radweg freigegeben</title>',
        `<a class="skip" href="#main">Zum Inhalt springen</a>
         <div id="cookie-banner"><p>Diese Website verwendet Cookies.</p><button>OK</button></div>
         <main id="main"><h1>Radweg freigegeben</h1>${PARAGRAPH}
           <div class="player"><a href="#end">Video überspringen</a><iframe src="https://video.example/1">Ihr Browser unterstützt keine iFrames.</iframe>
             <p>Hinweis: Wenn Sie dieses Video abspielen, erfolgt eine Datenübertragung an YouTube.</p></div>
           <p>Die Strecke ist beleuchtet.</p>
           <p><a class="download" href="/bild.jpg">Hochauflösendes Bild <em>(jpeg, 1MB)</em></a></p>
           <p><a href="/pm.pdf">Download (PDF, 245 KB)</a></p>
         </main>`,
      ),
    );
    expect(documentToPlainText(release.fields.body)).toBe(
      'Die Stadt hat am Freitag den neuen Radweg entlang der Ruhr freigegeben. Er ist 4,2 Kilometer lang.\n\nDie Strecke ist beleuchtet.',
    );
  });

  it('never fails on odd titles and headings', () => {
    expect(stripSiteName('', ['Site'])).toBe('');
    expect(stripSiteName(' - | - ', ['Site'])).toBe('- | -');
    expect(stripSiteName('Site | Site', ['Site'])).toBe('Site');
    expect(stripSiteName('A - Site', [])).toBe('A - Site');
    expect(titleSuffix('Nur ein Titel')).toBeNull();
    expect(titleSuffix('Titel | Site')).toBe('Site');
    expect(headingOfTitle('', [''])).toBeNull();
    expect(headingOfTitle('Radweg - Stadt', ['Radweg'])).toBe('Radweg');
    const suffixes = new SiteSuffixes();
    suffixes.observe('a.example', 'Stadt', 'Eins');
    expect(suffixes.strip('a.example', 'Eins - Stadt')).toBe('Eins - Stadt');
    suffixes.observe('a.example', 'Stadt', 'Zwei');
    expect(suffixes.strip('a.example', 'Eins - Stadt')).toBe('Eins');
    expect(suffixes.strip('b.example', 'Eins - Stadt')).toBe('Eins - Stadt');
  });
});

describe('importing the pages of one site', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let ws: Workstation;
  beforeEach(() => {
    tmp = makeTempDir();
    ws = openWorkstation({ dataDir: tmp.dir, host: 'cli' });
  });
  afterEach(() => {
    ws.close();
    tmp.cleanup();
  });

  it('takes a title suffix repeated across the pages of a host for the site name and strips it', async () => {
    const source = (name: string, title: string, url: string): ImportSource => ({
      name,
      read: () =>
        Promise.resolve(
          new TextEncoder().encode(html(`<title>${title}</title><link rel="canonical" href="${url}">`, PARAGRAPH)),
        ),
    });
    const summary = await importSources(engineInternals(ws).releases, [
      source('a.html', 'Radweg freigegeben - Stadt Beispielhausen', 'https://stadt.example/a'),
      source('b.html', 'Neue Kita eröffnet - Stadt Beispielhausen', 'https://stadt.example/b'),
      source('c.html', 'Brücke gesperrt - Landkreis', 'https://kreis.example/c'),
    ]);
    expect(summary).toMatchObject({ imported: 3, errors: [] });
    expect(
      engineInternals(ws)
        .releases.list()
        .items.map((r) => r.headline)
        .sort(),
    ).toEqual(['Brücke gesperrt - Landkreis', 'Neue Kita eröffnet', 'Radweg freigegeben']);
  });
});
