import {
  listSeverity,
  monthLabel,
  parseDay,
  parseSeverities,
  span,
  spanUnit,
} from './insights-format';

describe('insights format', () => {
  it('names months', () => {
    expect(monthLabel('2025-01')).toBe('Jan 2025');
    expect(monthLabel('2026-12')).toBe('Dec 2026');
  });

  it('writes spans in the unit that reads best', () => {
    expect(span(null)).toBe('—');
    expect(span(45)).toBe('45 s');
    expect(span(750)).toBe('12.5 min');
    expect(span(5400)).toBe('1.5 h');
    expect(span(3 * 86_400)).toBe('3.0 d');
    expect(spanUnit([600, null, 7200])).toEqual({ name: 'minutes', seconds: 60 });
    expect(spanUnit([7201])).toEqual({ name: 'hours', seconds: 3600 });
  });

  it('reads filters from the URL, dropping what it does not know', () => {
    expect(parseSeverities('unset,2,9,2')).toEqual(['2', 'unset']);
    expect(parseSeverities(undefined)).toEqual([]);
    expect(parseDay('2025-01-31')).toBe('2025-01-31');
    expect(parseDay('31/01/2025')).toBeUndefined();
    expect(listSeverity('unset')).toBe('none');
    expect(listSeverity('3')).toBe('3');
  });
});
