/**
 * Length of text as its writer counts it: Unicode code points, so an emoji or
 * an accented letter typed as one character counts once. Limits such as
 * `Limits.reportLength` apply to this length of what was typed, before the
 * server escapes HTML for storage.
 */
export function textLength(text: string): number {
  return Array.from(text).length;
}
