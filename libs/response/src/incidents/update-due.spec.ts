import { describe, expect, it } from '@jest/globals';
import type { UpdateCadence } from '../config/updates.config.js';
import { nextUpdateDue } from './update-due.js';

const MIN = 60_000;
const cadence: UpdateCadence = { '1': 15 * MIN, '2': 30 * MIN, '3': null, '4': 2 * 60 * MIN };
const declared = new Date('2025-03-05T10:00:00Z');
const open = { endTime: null, reportOnly: false, severity: '1' as const, reportTime: declared };
const at = (minutes: number) => new Date(declared.getTime() + minutes * MIN);
const clock = (over: Record<string, unknown> = {}) => ({
  startedAt: null,
  lastUpdateAt: null,
  snoozedUntil: null,
  snoozedSeverity: null,
  ...over,
});

describe('nextUpdateDue', () => {
  it('runs from the declaration, then from the latest update', () => {
    expect(nextUpdateDue(open, null, cadence)).toEqual(at(15));
    expect(nextUpdateDue(open, clock({ lastUpdateAt: at(40) }), cadence)).toEqual(at(55));
    expect(nextUpdateDue(open, clock({ startedAt: at(100) }), cadence)).toEqual(at(115));
  });

  it('follows the severity: a change recomputes from the last update', () => {
    const c = clock({ lastUpdateAt: at(40) });
    expect(nextUpdateDue({ ...open, severity: '2' }, c, cadence)).toEqual(at(70));
  });

  it('is none when closed, report-only, without severity or with the cadence off', () => {
    expect(nextUpdateDue({ ...open, endTime: at(5) }, null, cadence)).toBeNull();
    expect(nextUpdateDue({ ...open, reportOnly: true }, null, cadence)).toBeNull();
    expect(nextUpdateDue({ ...open, severity: null }, null, cadence)).toBeNull();
    expect(nextUpdateDue({ ...open, severity: '3' }, null, cadence)).toBeNull();
  });

  it('a snooze holds while the severity stays the one it was snoozed at', () => {
    const snoozed = clock({ snoozedUntil: at(45), snoozedSeverity: '1' });
    expect(nextUpdateDue(open, snoozed, cadence)).toEqual(at(45));
    expect(nextUpdateDue({ ...open, severity: '2' }, snoozed, cadence)).toEqual(at(30));
  });
});
