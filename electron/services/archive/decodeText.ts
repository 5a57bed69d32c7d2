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
      /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)/i.exec(head) ??
      /<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)/i.exec(head);
    const label = m?.[1]?.toLowerCase();
    if (label && label !== 'utf-8' && label !== 'utf8') {
      try {
        // A page that says Latin-1 but is valid UTF-8 was mislabelled; UTF-8 wins then.
        return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
      } catch {
        try {
          return { text: new TextDecoder(label).decode(bytes), encoding: label };
        } catch {
          // unknown label: fall through
        }
      }
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
