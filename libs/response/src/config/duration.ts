import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `90s`, `15m`, `1h` or `7d` in milliseconds; null when it is not one. */
export function parseDurationMs(text: string): number | null {
  const match = /^(\d{1,6})\s*([smhd])$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms > 0 ? ms : null;
}

/** A zod check for a duration variable: `7d`, `12h`, `30m`, `45s`. */
export const durationMs = z.string().transform((text, context) => {
  const ms = parseDurationMs(text);
  if (ms === null)
    context.addIssue({
      code: 'custom',
      message: 'must be a duration such as 7d, 12h, 30m or 45s',
    });
  return ms ?? 0;
});
