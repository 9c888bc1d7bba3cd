import { SEVERITY_TEXT, type Severity } from '@response/contracts';

const EMOJI: Record<Severity, string> = { '1': '⛈️', '2': '🌧️', '3': '🌦️', '4': '🌤️' };

/** ⛈️ critical, 🌧️ major, 🌦️ minor, 🌤️ trivial, ☁️ unset. */
export function severityEmoji(severity: Severity | null | undefined): string {
  return severity ? EMOJI[severity] : '☁️';
}

export function severityLabel(severity: Severity | null | undefined): string {
  return severity ? SEVERITY_TEXT[severity] : 'no severity';
}
