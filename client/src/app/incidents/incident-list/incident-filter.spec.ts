import type { IncidentDto } from '@response/contracts';
import { matchesFilter, parseMonth } from './incident-filter';

const base = { report: 'Checkout is down', summary: 'Payment gateway pool exhausted', status: 'live', severity: '2' } as IncidentDto;

describe('incident filters', () => {
  it('matches status, severity, unset severity and words in report or summary', () => {
    expect(matchesFilter(base, {})).toBe(true);
    expect(matchesFilter(base, { status: 'live' })).toBe(true);
    expect(matchesFilter(base, { status: 'resolved' })).toBe(false);
    expect(matchesFilter(base, { severity: '2' })).toBe(true);
    expect(matchesFilter(base, { severity: '1' })).toBe(false);
    expect(matchesFilter(base, { severity: 'none' })).toBe(false);
    expect(matchesFilter({ ...base, severity: null }, { severity: 'none' })).toBe(true);
    expect(matchesFilter(base, { search: 'GATEWAY checkout' })).toBe(true);
    expect(matchesFilter(base, { search: 'gateway database' })).toBe(false);
  });

  it('reads months as YYYY-MM only', () => {
    expect(parseMonth('2025-03')).toEqual([2025, 3]);
    expect(parseMonth('2025-13')).toBeNull();
    expect(parseMonth('march')).toBeNull();
    expect(parseMonth(undefined)).toBeNull();
  });
});
