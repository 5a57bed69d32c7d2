import { clipText } from '../../../shared/document';
import { PHOTO_METADATA_LIMITS as LIMITS, type PhotoMetadata } from '../../../shared/domain';
import { decodeIimText, iimDeclaresUtf8 } from './iim';

type Json = Record<string, unknown>;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Raw metadata text read per value before it is cleaned: well past every
 * limit (entities take several characters each), far below what a crafted
 * file can hold (XMP runs to megabytes).
 */
const MAX_RAW_CHARS = 32_768;
/** Entries of a list value read (keywords, creators): more than anyone writes. */
const MAX_LIST_ENTRIES = 200;

/** XMP text sometimes arrives with XML entities still in it ("&amp;", "&#xA;"). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return ENTITIES[lower] ?? whole;
  });
}

function clean(text: string): string {
  return decodeEntities(text.slice(0, MAX_RAW_CHARS))
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\v\f\u000e-\u001f\u007f]/g, '')
    .trim()
    .normalize('NFC');
}

/** An XMP value: plain text, a language alternative ({lang, value} or a list of them) or a sequence. */
function xmpText(value: unknown): string {
  if (typeof value === 'string') return clean(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const alts = value.filter(
      (v): v is { lang?: string; value?: unknown } => typeof v === 'object' && v !== null && 'value' in v,
    );
    if (alts.length > 0) {
      const preferred =
        alts.find((a) => a.lang === 'x-default') ?? alts.find((a) => a.lang?.startsWith('de')) ?? alts[0]!;
      return xmpText(preferred.value);
    }
    return value.slice(0, MAX_LIST_ENTRIES).map(xmpText).filter(Boolean).join(', ');
  }
  if (typeof value === 'object' && value !== null && 'value' in value) return xmpText(value.value);
  return '';
}

function xmpList(value: unknown): string[] {
  if (Array.isArray(value)) return value.slice(0, MAX_LIST_ENTRIES).map(xmpText).filter(Boolean);
  const single = xmpText(value);
  return single ? [single] : [];
}

function pick(...candidates: string[]): string {
  return candidates.find((c) => c.trim() !== '') ?? '';
}

/**
 * Where IIM and XMP both hold a value, the XMP one wins when it is complete:
 * IIM fields are cut at 32/64 bytes, so an IIM value that is a prefix of the
 * XMP value is the truncated copy.
 */
function reconcile(xmp: string, iim: string): string {
  if (!xmp) return iim;
  if (!iim) return xmp;
  return xmp;
}

function dateOf(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const v = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const exif = /^(\d{4}):(\d{2}):(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(v);
  if (exif)
    return exif[4]
      ? `${exif[1]}-${exif[2]}-${exif[3]}T${exif[4]}:${exif[5]}:${exif[6] ?? '00'}`
      : `${exif[1]}-${exif[2]}-${exif[3]}`;
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 25);
  return null;
}

/**
 * Reads caption, credit, creator, copyright notice, alt text, headline,
 * keywords and date from a photo's IPTC-IIM, XMP and EXIF, with umlauts
 * intact whatever encoding the IIM block uses.
 */
export async function readPhotoMetadata(bytes: Uint8Array): Promise<PhotoMetadata> {
  // The metadata reader is loaded by the first photo: an engine that never sees one never loads it.
  const { default: exifr } = await import('exifr');
  let parsed: Json = {};
  try {
    parsed =
      ((await exifr.parse(bytes, {
        tiff: true,
        ifd0: true,
        exif: true,
        gps: false,
        interop: false,
        ifd1: false,
        xmp: true,
        iptc: true,
        icc: false,
        mergeOutput: false,
        translateValues: false,
        reviveValues: false,
        sanitize: true,
      } as never)) as Json | undefined) ?? {};
  } catch {
    // Damaged or absent metadata is not an error: the photo simply brings none.
    parsed = {};
  }
  const utf8 = iimDeclaresUtf8(bytes);
  const seg = (name: string): Json =>
    typeof parsed[name] === 'object' && parsed[name] !== null ? (parsed[name] as Json) : {};
  const iptc = seg('iptc');
  const dc = seg('dc');
  const photoshop = seg('photoshop');
  const core = seg('Iptc4xmpCore');
  const ifd0 = seg('ifd0');
  const exif = seg('exif');

  const iimText = (key: string): string => {
    const v = iptc[key];
    if (typeof v === 'string') return clean(decodeIimText(v, utf8));
    if (Array.isArray(v))
      return v
        .slice(0, MAX_LIST_ENTRIES)
        .filter((x): x is string => typeof x === 'string')
        .map((x) => clean(decodeIimText(x, utf8)))
        .join(', ');
    return '';
  };
  const iimList = (key: string): string[] => {
    const v = iptc[key];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list
      .slice(0, MAX_LIST_ENTRIES)
      .filter((x): x is string => typeof x === 'string')
      .map((x) => clean(decodeIimText(x, utf8)))
      .filter(Boolean);
  };
  const exifText = (v: unknown): string => (typeof v === 'string' ? clean(decodeIimText(v, false)) : '');

  const xmpKeywords = xmpList(dc.subject);
  const keywords = (xmpKeywords.length > 0 ? xmpKeywords : iimList('Keywords'))
    .map((k) => clipText(k, LIMITS.keyword))
    .slice(0, LIMITS.keywords);
  // Held to the limits here, on the way in: a figure copies these texts as they are.
  return {
    caption: clipText(
      pick(reconcile(xmpText(dc.description), iimText('Caption')), exifText(ifd0.ImageDescription)),
      LIMITS.caption,
    ),
    credit: clipText(reconcile(xmpText(photoshop.Credit), iimText('Credit')), LIMITS.credit),
    creator: clipText(
      pick(reconcile(xmpList(dc.creator).join(', '), iimList('Byline').join(', ')), exifText(ifd0.Artist)),
      LIMITS.creator,
    ),
    copyright: clipText(
      pick(reconcile(xmpText(dc.rights), iimText('CopyrightNotice')), exifText(ifd0.Copyright)),
      LIMITS.copyright,
    ),
    alt: clipText(xmpText(core.AltTextAccessibility), LIMITS.alt),
    headline: clipText(reconcile(xmpText(photoshop.Headline), iimText('Headline')), LIMITS.headline),
    keywords,
    dateCreated: dateOf(photoshop.DateCreated) ?? dateOf(iptc.DateCreated) ?? dateOf(exif.DateTimeOriginal),
  };
}
