/** `critical` → `Critical`: labels in selects, filters and facts start with a capital. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
