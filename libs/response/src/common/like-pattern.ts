/** A LIKE pattern matching `text` anywhere: `%`, `_` and `\\` in it match themselves (use `ESCAPE '\\'`). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
