import { describe, expect, it } from '@jest/globals';
import { Severity } from '@response/contracts';
import { SEVERITY_CHOICES, parseSeverity } from './severity.js';

describe('parseSeverity', () => {
  it('reads names in any case', () => {
    expect(parseSeverity('critical')).toBe(Severity.Critical);
    expect(parseSeverity('Major')).toBe(Severity.Major);
    expect(parseSeverity(' MINOR ')).toBe(Severity.Minor);
    expect(parseSeverity('trivial')).toBe(Severity.Trivial);
  });

  it('reads numbers 1 to 4', () => {
    expect(parseSeverity('1')).toBe(Severity.Critical);
    expect(parseSeverity('4')).toBe(Severity.Trivial);
  });

  it('refuses anything else', () => {
    for (const text of [
      '',
      '0',
      '5',
      '12',
      'crit',
      'high',
      'critical!',
      'major minor',
      'constructor',
      '__proto__',
      null,
      undefined,
    ]) {
      expect(parseSeverity(text)).toBeUndefined();
    }
  });

  it('lists the choices', () => {
    expect(SEVERITY_CHOICES).toBe('critical|major|minor|trivial|1-4');
  });
});
