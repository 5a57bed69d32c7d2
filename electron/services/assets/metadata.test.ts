import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
