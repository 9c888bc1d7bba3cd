import { SEVERITIES, type Severity } from '@response/contracts';
import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { ConfigError, optionalString, parseEnv, type Env } from './env.js';

/** How often a status update is due, by severity, in milliseconds; null: never (`off`). */
export type UpdateCadence = Readonly<Record<Severity, number | null>>;

/** The default `STATUS_UPDATE_CADENCE`: 15 minutes for a critical incident up to 2 hours for a trivial one. */
export const DEFAULT_CADENCE = '1=15m,2=30m,3=1h,4=2h';
const DEFAULTS: UpdateCadence = {
  '1': 15 * 60_000,
  '2': 30 * 60_000,
  '3': 3_600_000,
  '4': 7_200_000,
};

/** No status update is ever due. */
export const NO_CADENCE: UpdateCadence = { '1': null, '2': null, '3': null, '4': null };

/**
 * Severities this product does not have, accepted in `STATUS_UPDATE_CADENCE` and
 * ignored (`5=off` appears in examples written for tools with five levels).
 */
const IGNORED_SEVERITIES = new Set(['5']);

const FORMAT =
  'must look like 1=15m,2=30m,3=1h,4=2h (severities 1-4; units s, m or h; off turns one off)';

/**
 * Reads `STATUS_UPDATE_CADENCE`: comma-separated `severity=duration` pairs, a
 * duration being a whole number of seconds, minutes or hours (`90s`, `15m`,
 * `1h`) or `off`. Severities left out keep their default; `off` alone turns
 * every reminder off. Returns the problems found, each naming the variable.
 */
export function parseCadence(text: string): { cadence: UpdateCadence; problems: string[] } {
  const problems: string[] = [];
  const cadence: Record<Severity, number | null> = { ...DEFAULTS };
  if (text.trim().toLowerCase() === 'off') return { cadence: { ...NO_CADENCE }, problems };
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const match = /^(\d+)\s*=\s*(\S+)$/.exec(entry);
    if (!match) {
      problems.push(`STATUS_UPDATE_CADENCE: "${entry}" ${FORMAT}`);
      continue;
    }
    const [, severity, value] = match;
    if (seen.has(severity)) {
      problems.push(`STATUS_UPDATE_CADENCE: severity ${severity} is given twice`);
      continue;
    }
    seen.add(severity);
    const ms = value.toLowerCase() === 'off' ? null : durationOf(value);
    if (ms === undefined) {
      problems.push(
        `STATUS_UPDATE_CADENCE: "${value}" for severity ${severity} must be a duration such as 90s, 15m or 1h, or off`,
      );
      continue;
    }
    if (IGNORED_SEVERITIES.has(severity)) continue;
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      problems.push(`STATUS_UPDATE_CADENCE: severity ${severity} does not exist (1-4)`);
      continue;
    }
    cadence[severity as Severity] = ms;
  }
  return { cadence, problems };
}

/** Milliseconds of `90s`, `15m` or `1h`; undefined for anything else (days are not a cadence). */
function durationOf(value: string): number | undefined {
  if (!/^\d+[smh]$/i.test(value)) return undefined;
  return parseDurationMs(value.toLowerCase()) ?? undefined;
}

const schema = z.object({
  STATUS_UPDATE_CADENCE: optionalString,
  INCIDENT_UPDATES_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id such as C0123ABCD')
      .optional(),
  ),
});

export interface UpdatesConfig {
  /** How often a status update is due, by severity (`STATUS_UPDATE_CADENCE`). */
  cadence: UpdateCadence;
  /** The stakeholders' channel every status update is also posted to (`INCIDENT_UPDATES_CHANNEL_ID`). */
  channelId: string | undefined;
}

export function updatesConfig(env: Env): UpdatesConfig {
  const v = parseEnv(schema, env);
  const { cadence, problems } = parseCadence(v.STATUS_UPDATE_CADENCE ?? DEFAULT_CADENCE);
  if (problems.length > 0) throw new ConfigError(problems);
  return { cadence, channelId: v.INCIDENT_UPDATES_CHANNEL_ID };
}
