import { SEVERITY_TEXT, Severity, isSeverity } from '@response/contracts';

const BY_NAME = new Map<string, Severity>(
  Object.entries(SEVERITY_TEXT).map(([value, name]) => [name, value as Severity]),
);

/**
 * Reads a severity typed in Slack: a name (`critical`, `major`, `minor`,
 * `trivial`, any case) or its number `1`–`4`. Anything else is undefined.
 */
export function parseSeverity(text: string | null | undefined): Severity | undefined {
  const word = (text ?? '').trim().toLowerCase();
  if (isSeverity(word)) return word;
  return BY_NAME.get(word);
}

/** The accepted spellings, for help and error messages. */
export const SEVERITY_CHOICES = `${Object.values(SEVERITY_TEXT).join('|')}|1-4`;
