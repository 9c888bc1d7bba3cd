import { filterParams, parseFilter, parseMonth } from './incident-filter';

describe('incident filters', () => {
  it('reads status, severity, month and search from the URL, ignoring unknown values', () => {
    expect(
      parseFilter({ status: 'live', severity: '2', month: '2025-03', q: '  db down ' }),
    ).toEqual({
      status: 'live',
      severity: '2',
      month: '2025-03',
      search: 'db down',
    });
    expect(parseFilter({ severity: 'none' }).severity).toBe('none');
    expect(parseFilter({ status: 'open', severity: '7', month: '2025-13', q: '   ' })).toEqual({
      status: undefined,
      severity: undefined,
      month: undefined,
      search: undefined,
    });
  });

  it('asks the API for status, severity and search only when set', () => {
    expect(filterParams({})).toEqual({});
    expect(
      filterParams({ status: 'resolved', severity: 'none', search: '100% R&D', month: '2025-01' }),
    ).toEqual({
      status: 'resolved',
      severity: 'none',
      search: '100% R&D',
    });
  });

  it('reads months as YYYY-MM only', () => {
    expect(parseMonth('2025-03')).toEqual([2025, 3]);
    expect(parseMonth('2025-13')).toBeNull();
    expect(parseMonth('march')).toBeNull();
    expect(parseMonth(undefined)).toBeNull();
  });
});
