/** windows-1252's characters at 0x80–0x9f (where Latin-1 has control codes). */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

/** windows-1252 by table: some runtimes decode the label as plain Latin-1, losing „“–€. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b)));
  }
  return out;
}

function decodeAs(label: string, bytes: Uint8Array): string {
  return label === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(label).decode(bytes);
}

/**
 * Bytes of a text file as a string: a byte-order mark wins, then a declared
 * charset (HTML meta / XML declaration), then UTF-8 if the bytes are valid
 * UTF-8, else windows-1252 (what Latin-1 pages really are).
 */
export function decodeText(
  bytes: Uint8Array,
  declared: 'html' | 'plain' = 'plain',
): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (declared === 'html') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    const m =
      /<meta[^>]+charset\s*=\s*(?:["']\s*)?([\w.:-]+)/i.exec(head) ??
      /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
    const raw = m?.[1]?.toLowerCase();
    // As browsers do: pages labelled Latin-1 or ASCII are read as windows-1252 („…“ and – live in 0x80–0x9f).
    const label =
      raw && /^(?:iso-?8859-1|latin-?1|l1|us-ascii|ascii|cp819|iso_8859-1)$/.test(raw) ? 'windows-1252' : raw;
    if (label && label !== 'utf-8' && label !== 'utf8') {
      try {
        // A page that says Latin-1 but is valid UTF-8 was mislabelled; UTF-8 wins then.
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
      } catch {
        try {
          return { text: decodeAs(label, bytes), encoding: label };
        } catch {
          // unknown label: fall through
        }
      }
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
