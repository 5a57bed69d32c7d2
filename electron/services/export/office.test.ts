import { publishForTest } from '../testing/approve';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract/dispatch';
import type { DocumentNode } from '../../../shared/document';
import { engineInternals } from '../testing/internals';
import { parsePage } from '../testing/dom';
import { makeTempDir } from '../testing/tempDir';
import { validateHtml } from '../testing/vnu';
import { openWorkstation, type Workstation } from '../workstation';

let tmp: ReturnType<typeof makeTempDir>;
let ws: Workstation;
beforeEach(() => {
  tmp = makeTempDir();
  ws = openWorkstation({
    dataDir: join(tmp.dir, 'data'),
    host: 'cli',
    now: () => new Date('2026-03-02T09:00:00.000Z'),
  });
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

const HOSTILE = '<script>alert(1)</script> & "x"';

async function photo(width: number, height: number, r = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r, g: 140, b: 60 } } })
    .jpeg()
    .toBuffer();
}

async function set(key: string, value: string): Promise<void> {
  const envelope = await dispatch(ws.handlers, 'settings.set', { key, value });
  if (!envelope.ok) throw new Error(envelope.error.code);
}

/** The office with its logo, and a release that shows a related release with an image. */
async function seed() {
  const { assets, releases } = engineInternals(ws);
  const logo = await assets.importBytes(
    await sharp({ create: { width: 900, height: 300, channels: 4, background: '#004b8700' } })
      .png()
      .toBuffer(),
    'logo.png',
  );
  await set('office.name', `Ministerium für Soziales ${HOSTILE}`);
  await set('office.logo', logo.id);
  await set('office.address', 'Else-Josenhans-Straße 6\n70173 Stuttgart');
  await set('office.url', 'https://sm.example.de/presse/');
  await set('office.creditStyle', 'after');
  const small = await assets.importBytes(await photo(300, 200), 'small.jpg');
  const cardPhoto = await assets.importBytes(await photo(1200, 800, 20), 'card.jpg');
  const related = releases.create({
    headline: 'Neue Radwege für Köln',
    topic: 'Verkehr',
    status: 'published',
    publishedAt: '2026-01-10T00:00:00+01:00',
    leadImage: {
      assetId: cardPhoto.id,
      caption: 'Radweg',
      credit: 'Foto: © Stadt',
      creditRaw: '',
      alt: 'Ein Radweg',
      decorative: false,
    },
  });
  const body: DocumentNode = {
    type: 'doc',
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Das Land fördert Integration.' }] },
      {
        type: 'quote',
        attrs: { speaker: 'Manne Lucha', role: 'Minister' },
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: '„Integration gelingt“, sagte Minister Lucha.' }] },
        ],
      },
      {
        type: 'quote',
        attrs: { speaker: 'Anna Muster', role: 'Bürgermeisterin' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: '„Wir sind bereit.“' }] }],
      },
      {
        type: 'figure',
        attrs: {
          assetId: small.id,
          caption: 'Minister Lucha im Gespräch',
          credit: 'Foto: © dpa',
          creditRaw: '',
          alt: 'Zwei Menschen',
          decorative: false,
        },
      },
    ],
  };
  const release = releases.create({
    headline: 'Land fördert Integration',
    teaser: 'Zwölf Millionen Euro.',
    dateline: 'Stuttgart',
    status: 'published',
    publishedAt: '2026-03-02T10:30:00+01:00',
    body,
    pressContact: `Pressestelle\nTelefon 0711 123-0\npresse@sm.example.de ${HOSTILE}`,
    relatedReleaseIds: [related.id],
  });
  return { release, related, logo };
}

describe('the exported page names its office', () => {
  it('shows logo, name and address, separates caption and credit, links related releases and the contact', async () => {
    const { release, related } = await seed();
    const out = join(tmp.dir, 'bundle');
    await ws.exportRelease(release.id, { out, baseUrl: 'https://sm.example.de/presse/pm-1/' });
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(await validateHtml([join(out, 'index.html')])).toEqual([]);
    expect(html).not.toContain('<script>alert');
    const page = parsePage(html);

    // Who issued it: the logo travels in the bundle, no larger than it needs to be.
    const logo = page.querySelector('header.office img.office-logo')!;
    expect(logo.getAttribute('src')).toBe('images/logo.png');
    expect(logo.getAttribute('alt')).toBe(`Ministerium für Soziales ${HOSTILE}`);
    expect([logo.getAttribute('width'), logo.getAttribute('height')]).toEqual(['480', '160']);
    const png = await sharp(readFileSync(join(out, 'images', 'logo.png'))).metadata();
    expect([png.format, png.width, png.hasAlpha]).toEqual(['png', 480, true]);
    expect(page.querySelector('header.office a')!.getAttribute('href')).toBe('https://sm.example.de/presse/');
    expect(html).toContain(
      '<address>Ministerium für Soziales &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;<br>Else-Josenhans-Straße 6<br>70173 Stuttgart</address>',
    );

    const ld = JSON.parse(page.querySelector('script[type="application/ld+json"]')!.textContent!) as {
      publisher: { logo: { url: string } };
    };
    expect(ld.publisher.logo.url).toBe('https://sm.example.de/presse/pm-1/images/logo.png');

    // Caption and credit apart, by the office's style.
    const caption = page.querySelector('.body figure.image figcaption')!;
    expect(caption.textContent).toBe('Minister Lucha im Gespräch – Foto: © dpa');
    expect(caption.querySelector('.credit')!.textContent).toBe('Foto: © dpa');

    // A quote that names its speaker gets no second attribution; one that does not, keeps it.
    const statements = [...page.querySelectorAll('.statement')];
    expect(statements[0]!.querySelector('figcaption')).toBeNull();
    expect(statements[1]!.querySelector('cite')!.textContent).toBe('Anna Muster');

    // The date with its time, in Berlin and in German.
    expect(page.querySelector('header time')!.textContent).toBe('2. März 2026, 10:30 Uhr');

    // Related releases: a card with its lead image rendition, credit, topic and link.
    const card = page.querySelector('.related-releases .card')!;
    const slug = `neue-radwege-fuer-koeln-${related.id.slice(0, 8)}`;
    expect(card.querySelector('h3 a')!.getAttribute('href')).toBe(`https://sm.example.de/presse/${slug}`);
    expect(card.querySelector('img')!.getAttribute('src')).toBe('images/image-2-480.jpg');
    expect(card.querySelector('img')!.getAttribute('width')).toBe('480');
    expect(card.querySelector('.credit')!.textContent).toBe('Foto: © Stadt');
    expect(card.querySelector('.kicker')!.textContent).toBe('Verkehr');

    // Images carry their rendition's size: a 300-pixel photo is never drawn wider.
    const small = page.querySelector('.body figure.image img')!;
    expect(small.getAttribute('width')).toBe('300');
    expect(readFileSync(join(out, 'theme.css'), 'utf8')).toMatch(/figure img \{[^}]*max-width: 100%/);
    expect(readFileSync(join(out, 'theme.css'), 'utf8')).not.toMatch(/figure img \{[^}]*(?<!-)width: 100%/);

    // The contact's e-mail is a mailto link, the rest escaped text.
    const mail = page.querySelector('.press-contact address a')!;
    expect(mail.getAttribute('href')).toBe('mailto:presse@sm.example.de');
    expect(page.querySelector('.press-contact address')!.textContent).toContain(HOSTILE);

    const text = readFileSync(join(out, 'release.txt'), 'utf8');
    expect(text).toContain('[Bild: Minister Lucha im Gespräch – Foto: © dpa]');
    expect(text).not.toContain('— Manne Lucha');
    expect(text).toContain('— Anna Muster, Bürgermeisterin');
    expect(text).toContain('Herausgegeben von:\nMinisterium für Soziales');
  });

  it('puts the credit in parentheses or on its own line as chosen, and the preview shows the stored logo', async () => {
    const { release, logo } = await seed();
    await set('office.creditStyle', 'parentheses');
    const preview = await dispatch(ws.handlers, 'export.preview', { id: release.id });
    const html = preview.ok ? (preview.value as { html: string }).html : '';
    const page = parsePage(html);
    expect(page.querySelector('.body figure.image figcaption')!.textContent).toBe(
      'Minister Lucha im Gespräch (Foto: © dpa)',
    );
    expect(page.querySelector('header.office img')!.getAttribute('src')).toContain(logo.id);
    expect(page.querySelector('.related-releases h3 a')!.getAttribute('href')).toMatch(
      /^https:\/\/sm\.example\.de\/presse\/neue-radwege-fuer-koeln-/,
    );

    await set('office.creditStyle', 'line');
    const out = join(tmp.dir, 'line');
    await ws.exportRelease(release.id, { out });
    const lined = readFileSync(join(out, 'index.html'), 'utf8');
    expect(lined).toContain(
      '<figcaption><span class="caption">Minister Lucha im Gespräch</span><br><span class="credit">Foto: © dpa</span></figcaption>',
    );
    expect(readFileSync(join(out, 'release.txt'), 'utf8')).toContain('[Bild: Minister Lucha im Gespräch\nFoto: © dpa]');
    expect(await validateHtml([join(out, 'index.html')])).toEqual([]);
  });

  it('shows the release number given at publication in the page and the text', async () => {
    await set('office.numbering', 'PM {n}/{yyyy}');
    const { releases } = engineInternals(ws);
    let r = releases.create({ headline: 'Nummeriert', teaser: 'Text.', publishedAt: '2026-03-02T00:00:00+01:00' });
    r = publishForTest(ws, r.id);
    expect(r.releaseNumber).toBe('PM 1/2026');
    const out = join(tmp.dir, 'numbered');
    await ws.exportRelease(r.id, { out });
    const page = parsePage(readFileSync(join(out, 'index.html'), 'utf8'));
    expect(page.querySelector('header .release-number')!.textContent).toBe('PM 1/2026');
    // Midnight is a date without a time.
    expect(page.querySelector('header time')!.textContent).toBe('2. März 2026');
    expect(readFileSync(join(out, 'release.txt'), 'utf8')).toContain('Pressemitteilung Nr. PM 1/2026');
    expect(JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'))).toMatchObject({ releaseNumber: 'PM 1/2026' });
  });
});
