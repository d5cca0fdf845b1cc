/**
 * @module io/nesting-depth
 * How deeply a JSON (or YAML flow-style) text nests its arrays and objects, found by one scan of the text with
 * no recursion, so that a reader can refuse a deeply nested file before a recursive parser or serializer
 * overflows its stack (or, for YAML, runs out of memory).
 */

/** Nesting deeper than this in a figure file or config is refused. */
export const MAX_NESTING_DEPTH = 64;

/**
 * The deepest nesting of `[`/`{` in `text`, outside double- and single-quoted strings; the scan stops as soon as
 * `stopAbove` is exceeded (the result is then `stopAbove + 1`).
 */
export function nestingDepth(text: string, stopAbove = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let max = 0;
  let quote = 0; // 0, or the char code of the open quote
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */ && quote === 34) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}
