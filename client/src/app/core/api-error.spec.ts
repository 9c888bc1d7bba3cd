import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { apiErrorMessage, trackSave } from './api-error';

const fail = (status: number, error: unknown) =>
  new HttpErrorResponse({ status, statusText: 'Bad Request', error });

describe('apiErrorMessage', () => {
  it('says a field error once when the message already names it', () => {
    const error = fail(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid input: summary: must be at most 50000 characters',
      errors: { summary: 'must be at most 50000 characters' },
    });
    expect(apiErrorMessage(error)).toBe('Invalid input: summary: must be at most 50000 characters');
  });

  it('adds the field errors the message leaves out', () => {
    const error = fail(400, {
      statusCode: 400,
      message: 'Invalid input',
      errors: { report: 'is required', lead: 'unknown user' },
    });
    expect(apiErrorMessage(error)).toBe('Invalid input (report: is required; lead: unknown user)');
  });

  it('explains an unreachable server and falls back to the status', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 0 }))).toMatch(/could not be reached/);
    expect(apiErrorMessage(fail(502, null))).toBe('502 Bad Request');
  });
});

describe('trackSave', () => {
  it('is busy while saving, clears the old error and reports success', async () => {
    const state = { busy: signal(false), error: signal('old') };
    let busyDuring = false;
    const saved = await trackSave(state, async () => {
      busyDuring = state.busy();
    });
    expect(saved).toBe(true);
    expect(busyDuring).toBe(true);
    expect(state.busy()).toBe(false);
    expect(state.error()).toBe('');
  });

  it("keeps the API's message when the save fails", async () => {
    const state = { busy: signal(false), error: signal('') };
    const saved = await trackSave(state, () =>
      Promise.reject(fail(400, { message: 'Invalid input: report: too long' })),
    );
    expect(saved).toBe(false);
    expect(state.busy()).toBe(false);
    expect(state.error()).toBe('Invalid input: report: too long');
  });
});
