import { updateDue } from './update-due';

const now = new Date('2025-03-05T10:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

describe('updateDue', () => {
  it('counts the minutes left, rounded up', () => {
    expect(updateDue(at(12 * 60), now)).toEqual({
      text: 'Next update due in 12 min',
      overdue: false,
    });
    expect(updateDue(at(11 * 60 + 1), now)?.text).toBe('Next update due in 12 min');
    expect(updateDue(at(20), now)?.text).toBe('Next update due in 1 min');
    expect(updateDue(at(65 * 60), now)?.text).toBe('Next update due in 1 h 5 min');
    expect(updateDue(at(120 * 60), now)?.text).toBe('Next update due in 2 h');
  });

  it('says how late once the time has passed, in a warning', () => {
    expect(updateDue(at(-5 * 60 - 30), now)).toEqual({ text: 'Overdue by 5 min', overdue: true });
    expect(updateDue(at(-10), now)).toEqual({ text: 'Update due now', overdue: true });
    expect(updateDue(at(0), now)?.overdue).toBe(true);
  });

  it('is nothing when no update is due', () => {
    expect(updateDue(null, now)).toBeNull();
    expect(updateDue('not a date', now)).toBeNull();
  });
});
