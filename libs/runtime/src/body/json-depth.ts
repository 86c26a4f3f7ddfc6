const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]

/** How deeply a JSON body may nest objects and arrays (`{"a": [1]}` is 2 deep), unless a route says otherwise. */
export const MAX_JSON_DEPTH = 32;

/**
 * Counts how deeply a JSON text nests objects and arrays, byte by byte, without parsing it: one
 * pass, constant memory, no recursion, so a body of any depth costs no more than its length. Brackets
 * inside strings do not count (escapes are followed). Fed in chunks as they arrive, it says as soon
 * as the nesting passes `maxDepth`, so the rest need not be read.
 *
 * The bytes are UTF-8 (the only charset the platform accepts for JSON): every byte of a multi-byte
 * character is 0x80 or above, so none is mistaken for a quote or a bracket. For valid JSON the count
 * is exact; an invalid text may be counted loosely, but the parser refuses it anyway.
 */
export class JsonDepthScanner {
  private depth = 0;
  private deepest = 0;
  private inString = false;
  private escaped = false;

  constructor(readonly maxDepth: number = Number.POSITIVE_INFINITY) {}

  /** Scans the next bytes; false once the nesting has gone deeper than maxDepth (later bytes are not looked at). */
  push(bytes: Uint8Array): boolean {
    if (this.tooDeep) return false;
    let { depth, inString, escaped } = this;
    const max = this.maxDepth;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        depth++;
        if (depth > this.deepest) {
          this.deepest = depth;
          if (depth > max) break;
        }
      } else if ((byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) && depth > 0) {
        depth--;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return !this.tooDeep;
  }

  /** The deepest nesting seen so far (stops counting just past maxDepth). */
  get deepestNesting(): number {
    return this.deepest;
  }

  get tooDeep(): boolean {
    return this.deepest > this.maxDepth;
  }
}

/** How deeply `json` nests objects and arrays (0 for a bare value). */
export function jsonNestingDepth(json: Uint8Array | string): number {
  const scanner = new JsonDepthScanner();
  scanner.push(typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
  return scanner.deepestNesting;
}

/** Whether `json` nests objects and arrays deeper than `maxDepth`; stops reading at the first level too many. */
export function isJsonTooDeep(json: Uint8Array | string, maxDepth: number): boolean {
  return !new JsonDepthScanner(maxDepth).push(typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
}
