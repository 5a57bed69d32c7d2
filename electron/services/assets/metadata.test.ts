import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FIGURE_LIMITS } from '../../../shared/document';
import { houseCredit, PHOTO_METADATA_LIMITS } from '../../../shared/domain';
import { decodeIimText } from './iim';
import { readPhotoMetadata } from './metadata';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

describe('photo metadata', () => {
  it('reads UTF-8 IIM (ESC % G) with umlauts intact', async () => {
    const m = await readPhotoMetadata(fixture('de-iim-utf8.jpg'));
    expect(m.caption).toBe('Bürgermeisterin Märta Öztürk eröffnet die Straße am Fluss');
    expect(m.creator).toBe('Jürgen Weiß');
    expect(m.copyright).toBe('© Stadt Köln');
    expect(m.headline).toBe('Straßenfest in Köln');
    expect(m.keywords).toEqual(['Straße', 'Köln']);
    expect(m.dateCreated).toBe('2024-05-01');
    // cut at IIM's 32 bytes: the half character at the end is dropped, not shown as garbage
    expect(m.credit).toBe('Foto: © Stadt Köln/Jürgen Wei');
  });

  it('reads Latin-1 IIM without a declaration', async () => {
    const m = await readPhotoMetadata(fixture('de-iim-latin1.jpg'));
    expect(m.caption).toBe('Übergabe der Schlüssel für das Gebäude');
    expect(m.credit).toBe('Bild: © Land NRW/Sößmann');
    expect(m.creator).toBe('Jörg Sößmann');
  });

  it('prefers the complete XMP value over the truncated IIM copy', async () => {
    const m = await readPhotoMetadata(fixture('de-xmp-long.jpg'));
    expect(m.credit).toBe('Foto: © Landesamt für Denkmalpflege im Regierungspräsidium Stuttgart/Müller');
    expect(m.caption).toBe('Die sanierte Fassade des Schlosses nach Abschluss der Arbeiten, aufgenommen im Frühjahr');
    expect(m.creator).toBe('Anna Müller');
    expect(m.copyright).toBe('© Land Baden-Württemberg');
    expect(m.alt).toBe('Helle Schlossfassade mit drei Türmen vor blauem Himmel');
    expect(m.headline).toBe('Schloss saniert');
    expect(m.keywords).toEqual(['Denkmal', 'Schloss']);
  });

  it('reads the IPTC reference image 2021.1', async () => {
    const m = await readPhotoMetadata(fixture('IPTC-PhotometadataRef-Std2021.1.jpg'));
    expect(m).toMatchObject({
      caption: 'The description aka caption (ref2021.1)',
      credit: 'Credit Line (ref2021.1)',
      creator: 'Creator1 (ref2021.1)',
      copyright: 'Copyright (Notice) 2021.1 IPTC - www.iptc.org  (ref2021.1)',
      alt: 'This is the Alt Text description to support accessibility in 2021.1',
      headline: 'The Headline (ref2021.1)',
      keywords: ['Keyword1ref2021.1', 'Keyword2ref2021.1', 'Keyword3ref2021.1'],
    });
    expect(m.dateCreated).toMatch(/^2021-10-20/);
  });

  it('takes the full XMP credit of the independent photographer example (IIM is cut at 32 bytes)', async () => {
    const m = await readPhotoMetadata(fixture('iptc-independent-photographer-example.jpg'));
    expect(m.credit).toBe('©1985 David Riecks: www.riecks.com');
    expect(m.copyright).toBe('©1985 David Riecks, All Rights Reserved');
    expect(m.creator).toBe('David Riecks');
    expect(m.headline).toBe('Southern Himalayan Mountains.');
  });

  it('decodes XML entities in XMP (BonTon: "&amp;" and line breaks)', async () => {
    const m = await readPhotoMetadata(fixture('BonTonARTSTORplusIPTC.jpg'));
    expect(m.credit).toBe('Allan Kohl; Minneapolis College of Art & Design Visual Resource Collection');
    expect(m.caption).toContain('Sais-tu ta leçon?');
    expect(m.caption).toContain('\nJeanne Lanvin (French fashion designer');
    expect(m.creator).toBe('Allan Kohl');
  });

  it('gives empty fields for an image without metadata', async () => {
    const m = await readPhotoMetadata(fixture('orientation6.jpg'));
    expect(m).toEqual({
      caption: '',
      credit: '',
      creator: '',
      copyright: '',
      alt: '',
      headline: '',
      keywords: [],
      dateCreated: null,
    });
  });

  it('leaves Latin-1 text alone and repairs UTF-8 read as Latin-1', () => {
    expect(decodeIimText('Jörg', false)).toBe('Jörg');
    expect(decodeIimText('JÃ¶rg', false)).toBe('Jörg');
    expect(decodeIimText('plain', true)).toBe('plain');
  });
});

describe('photo metadata from a hostile file', () => {
  /** A JPEG whose XMP (one segment, under 64 KB) holds far longer texts and lists than any figure takes. */
  async function oversized(): Promise<Buffer> {
    const li = (value: string) => `<rdf:li>${value}</rdf:li>`;
    const alt = (value: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${value}</rdf:li></rdf:Alt>`;
    const xmp = [
      '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
      '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">',
      `<dc:description>${alt(`Radweg ${'-'.repeat(10_000)} Foto: Stadt`)}</dc:description>`,
      `<photoshop:Credit>${'© '.repeat(2_000)}</photoshop:Credit>`,
      `<photoshop:Headline>${'Schlagzeile '.repeat(300)}</photoshop:Headline>`,
      `<dc:creator><rdf:Seq>${li('Fotografin '.repeat(300))}</rdf:Seq></dc:creator>`,
      `<dc:rights>${alt('©'.repeat(3_000))}</dc:rights>`,
      `<Iptc4xmpCore:AltTextAccessibility>${alt('Ein Radweg '.repeat(300))}</Iptc4xmpCore:AltTextAccessibility>`,
      `<dc:subject><rdf:Bag>${Array.from({ length: 300 }, (_, i) => li(`Stichwort${i}`)).join('')}${li('x'.repeat(2_000))}</rdf:Bag></dc:subject>`,
      '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>',
    ].join('');
    return sharp({ create: { width: 8, height: 8, channels: 3, background: '#4a7' } })
      .jpeg()
      .withXmp(xmp)
      .toBuffer();
  }

  it('holds every text to the limit a figure takes, on the way in', async () => {
    const m = await readPhotoMetadata(await oversized());
    expect(m.caption.startsWith('Radweg ---')).toBe(true);
    expect(m.caption.length).toBeLessThanOrEqual(FIGURE_LIMITS.caption);
    expect(m.credit.startsWith('© © ©')).toBe(true);
    expect(m.credit.length).toBeLessThanOrEqual(FIGURE_LIMITS.creditRaw);
    expect(m.creator.length).toBeLessThanOrEqual(PHOTO_METADATA_LIMITS.creator);
    expect(m.copyright.length).toBeLessThanOrEqual(PHOTO_METADATA_LIMITS.copyright);
    expect(m.alt.length).toBeLessThanOrEqual(FIGURE_LIMITS.alt);
    expect(m.headline.startsWith('Schlagzeile')).toBe(true);
    expect(m.headline.length).toBeLessThanOrEqual(PHOTO_METADATA_LIMITS.headline);
    expect(m.keywords).toHaveLength(PHOTO_METADATA_LIMITS.keywords);
    expect(m.keywords[0]).toBe('Stichwort0');
    // The credit a placed figure gets in the house format fits it too.
    expect(houseCredit(m.credit, m.creator).length).toBeLessThanOrEqual(FIGURE_LIMITS.credit);
    expect(houseCredit('', m.creator).length).toBeLessThanOrEqual(FIGURE_LIMITS.credit);
  });
});
