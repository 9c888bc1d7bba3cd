import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { ConfigError } from './env.js';
import { parseCadence } from './updates.config.js';

const MIN = 60_000;

function problems(value: string): string[] {
  try {
    loadConfig({ STATUS_UPDATE_CADENCE: value });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('STATUS_UPDATE_CADENCE', () => {
  it('defaults to 15 minutes for critical up to 2 hours for trivial', () => {
    expect(loadConfig({}).updates.cadence).toEqual({
      '1': 15 * MIN,
      '2': 30 * MIN,
      '3': 60 * MIN,
      '4': 120 * MIN,
    });
    expect(loadConfig({}).updates.channelId).toBeUndefined();
  });

  it('reads seconds, minutes, hours and off; severities left out keep their default', () => {
    expect(parseCadence('1=2s, 2=off ,3=90m').cadence).toEqual({
      '1': 2000,
      '2': null,
      '3': 90 * MIN,
      '4': 120 * MIN,
    });
    expect(parseCadence('off').cadence).toEqual({ '1': null, '2': null, '3': null, '4': null });
  });

  it('accepts and ignores a severity 5, which this product does not have', () => {
    expect(parseCadence('1=15m,2=30m,3=1h,4=2h,5=off')).toEqual({
      cadence: { '1': 15 * MIN, '2': 30 * MIN, '3': 60 * MIN, '4': 120 * MIN },
      problems: [],
    });
    expect(parseCadence('5=10m').problems).toEqual([]);
  });

  it('stops startup on a bad value, naming the variable', () => {
    for (const bad of ['1=15', '1=15x', '1=1d', 'sev1=15m', '1=15m,1=30m', '6=1h', '1=0m', 'x'])
      expect(problems(bad)).toEqual([expect.stringMatching(/^STATUS_UPDATE_CADENCE: /)]);
  });

  it('checks INCIDENT_UPDATES_CHANNEL_ID is a channel id', () => {
    expect(loadConfig({ INCIDENT_UPDATES_CHANNEL_ID: 'C0STAKE' }).updates.channelId).toBe(
      'C0STAKE',
    );
    let found: string[] = [];
    try {
      loadConfig({ INCIDENT_UPDATES_CHANNEL_ID: '#stakeholders' });
    } catch (error) {
      found = (error as ConfigError).problems;
    }
    expect(found).toEqual([expect.stringMatching(/^INCIDENT_UPDATES_CHANNEL_ID: /)]);
  });
});
