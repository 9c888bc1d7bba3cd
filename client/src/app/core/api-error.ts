import type { WritableSignal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorDto } from '@response/contracts';

/** A sentence for the user from a failed `/core` call: the API's own message and field errors. */
export function apiErrorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0)
      return 'The server could not be reached. Check your connection and try again.';
    const body = error.error as Partial<ApiErrorDto> | string | null;
    if (body && typeof body === 'object') {
      const message = String(body.message ?? error.statusText ?? '').trim();
      // The API's message often already names the fields; add only what it leaves out.
      const fields = Object.entries(body.errors ?? {})
        .map(([field, text]) => `${field}: ${text}`)
        .filter((text) => !message.includes(text));
      if (!message) return fields.join('; ') || `${error.status} ${error.statusText}`.trim();
      return fields.length ? `${message} (${fields.join('; ')})` : message;
    }
    if (typeof body === 'string' && body.length > 0 && body.length < 300) return body;
    return `${error.status} ${error.statusText}`.trim();
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

/** The busy flag and error text of a form that saves through `/core`. */
export interface SaveState {
  busy: WritableSignal<boolean>;
  error: WritableSignal<string>;
}

/**
 * Runs one save: busy while it runs, the previous error cleared, and the API's
 * message kept when it fails. Resolves to whether the save worked.
 */
export async function trackSave(state: SaveState, work: () => Promise<unknown>): Promise<boolean> {
  state.busy.set(true);
  state.error.set('');
  try {
    await work();
    return true;
  } catch (error) {
    state.error.set(apiErrorMessage(error));
    return false;
  } finally {
    state.busy.set(false);
  }
}
