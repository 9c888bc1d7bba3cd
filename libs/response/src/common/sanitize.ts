import { toStoredText, type StoredTextOptions } from '@response/contracts';

/**
 * Sanitising of everything a user writes (incident report, summary and impact,
 * action details, timeline text), done on write as Response did: the text is
 * stored HTML-escaped, so no tag ever reaches a page that shows it, and nothing
 * typed is dropped or changed: `<iframe>x</iframe>` is kept as the visible text
 * `&lt;iframe&gt;x&lt;/iframe&gt;`, `Map<String, Integer>` as typed.
 *
 * Slack mark-up (`<@U123>`, `<#C1|name>`, `<!here>`, `<https://x|label>`) is kept
 * only for text written in a Slack message (`slackMarkup`), where Slack itself
 * made it; typed anywhere else, it is escaped like any other `<`, so it can never
 * ping or hide a link when the text is shown in Slack.
 *
 * See `toStoredText` in `@response/contracts` and docs/adr/0007-text-as-typed.md.
 */
export function sanitize(text: string, options?: StoredTextOptions): string;
export function sanitize(text: string | null, options?: StoredTextOptions): string | null;
export function sanitize(
  text: string | null | undefined,
  options?: StoredTextOptions,
): string | null | undefined;
export function sanitize(
  text: string | null | undefined,
  options: StoredTextOptions = {},
): string | null | undefined {
  if (text === null || text === undefined || text === '') return text;
  return toStoredText(text, options);
}

/**
 * Whether `typed` leaves `stored` as it is: sent back exactly as the API
 * returned it, or typed again as it reads, from Slack or from anywhere else. A
 * PUT of an unchanged text written in Slack keeps its mentions.
 */
export function sameText(typed: string, stored: string | null): boolean {
  if (stored === null) return false;
  return sanitize(typed) === stored || sanitize(typed, { slackMarkup: true }) === stored;
}
