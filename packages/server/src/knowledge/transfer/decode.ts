const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Text of an uploaded CSV. Excel saves "CSV (UTF-8)" with a BOM, and plain "CSV" in the
 * system code page, which on Chinese Windows is GBK: bytes that are not valid UTF-8 are read as GBK.
 */
export function decodeText(bytes: Uint8Array): string {
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return new TextDecoder('gbk').decode(body);
  }
}
