import { describe, expect, it } from '@jest/globals';
import { createIncidentSchema, patchIncidentSchema } from '@response/contracts';
import { ValidationError } from '../common/errors.js';
import { createIncidentInput, incidentListFilter, updateIncidentInput } from './incident-input.js';

describe('incident API bodies as service input', () => {
  it('maps a parsed POST body, with the people resolved to ids', () => {
    const body = createIncidentSchema.parse({
      report: 'db down',
      summary: null,
      severity: 2,
      report_only: true,
      private: false,
      start_time: '2024-05-01 12:00',
      lead: { external_id: 'U2' },
    });
    expect(createIncidentInput(body, 7, 9)).toEqual({
      report: 'db down',
      summary: null,
      impact: undefined,
      leadId: 9,
      reporterId: 7,
      severity: '2',
      reportOnly: true,
      private: false,
      startTime: new Date('2024-05-01T12:00:00Z'),
    });
  });

  it('maps a parsed PATCH body but for the lead, which is resolved apart', () => {
    const body = patchIncidentSchema.parse({
      end_time: null,
      impact: 'none',
      lead: { external_id: 'U1' },
      is_closed: true,
    });
    expect(updateIncidentInput(body)).toEqual({
      report: undefined,
      summary: undefined,
      impact: 'none',
      severity: undefined,
      startTime: undefined,
      endTime: null,
    });
  });
});

describe('incidentListFilter', () => {
  it('keeps the last of repeated parameters and splits the search into words', () => {
    expect(
      incidentListFilter({ status: ['live', 'resolved'], severity: 'none', search: ' db  down ' }),
    ).toEqual({ status: 'resolved', severity: 'none', words: ['db', 'down'] });
    expect(incidentListFilter({ status: '', limit: '5' })).toEqual({
      status: undefined,
      severity: undefined,
      words: undefined,
    });
  });

  it('is a 400 naming each bad parameter', () => {
    let error: unknown;
    try {
      incidentListFilter({ status: 'bogus', severity: '9' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({
      status: 'must be one of reported, live, resolved',
      severity: 'must be one of 1, 2, 3, 4, none',
    });
  });
});
