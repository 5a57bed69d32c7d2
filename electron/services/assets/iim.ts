/**
 * IPTC-IIM text comes without a declared encoding unless dataset 1:90
 * ("coded character set") says UTF-8 (ESC % G). Metadata readers hand it over
 * byte for byte (as Latin-1), which turns UTF-8 umlauts into "BÃ¼rgermeister".
 * These helpers find the declaration and repair the text.
 */

/** Whether the IIM envelope of these bytes declares UTF-8 (dataset 1:90 = ESC % G). */
export function iimDeclaresUtf8(bytes: Uint8Array): boolean {
  // 0x1C (tag marker), record 1, dataset 90, length, then ESC % G.
  for (let i = 0; i + 7 < bytes.length; i++) {
    if (bytes[i] !== 0x1c || bytes[i + 1] !== 0x01 || bytes[i + 2] !== 0x5a) continue;
    const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
    if (length === 3 && bytes[i + 5] === 0x1b && bytes[i + 6] === 0x25 && bytes[i + 7] === 0x47) return true;
  }
  return false;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The bytes without a multi-byte sequence that a length limit cut off at the end. */
function withoutCutSequence(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead byte
    const expected = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return expected > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

/**
 * Decodes an IIM string that was read byte for byte. UTF-8 is used when the
 * file declares it, or when the bytes are valid UTF-8 with multi-byte
 * sequences (Latin-1 text practically never is); otherwise the text is
 * Latin-1 already. A multi-byte character cut off by IIM's length limits is
 * dropped rather than shown as a replacement character.
 */
export function decodeIimText(raw: string, declaredUtf8: boolean): string {
  if (!/[\u0080-\u00ff]/.test(raw) || /[^\u0000-\u00ff]/.test(raw)) return raw;
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  if (!declaredUtf8 && !isValidUtf8(withoutCutSequence(bytes))) return raw;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/(?<!\uFFFD)\uFFFD+$/u, '');
}
