/** Default limit for one inbound frame: 1 MiB, as in the SocialHub server. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/**
 * UTF-8 byte length of `text`, computed without allocating. Lone surrogates count as the
 * three bytes of U+FFFD, as `TextEncoder` would encode them.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * True when `text` is larger than `maxBytes` in UTF-8. Cheap for the common case: a string
 * can never need more than three bytes per UTF-16 unit, nor fewer than one.
 */
export function exceedsByteLimit(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return utf8ByteLength(text) > maxBytes;
}
