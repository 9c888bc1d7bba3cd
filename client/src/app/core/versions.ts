import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

/**
 * Writes carry the version they were made on (`If-Match`); the API refuses one
 * made on an old version with 412 and the object as it is now, so nobody's
 * edit is silently overwritten.
 */

/** Headers of a write made on `version`. */
export function ifMatch(version: number): { headers: HttpHeaders } {
  return { headers: new HttpHeaders({ 'If-Match': `"${version}"` }) };
}

/** The object as it is now, when a write was refused because someone saved first (412). */
export function newerVersion<T extends { version: number }>(error: unknown): T | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 412) return null;
  const body = error.error as Partial<T> | null;
  return body && typeof body === 'object' && typeof body.version === 'number' ? (body as T) : null;
}

/**
 * The user chose to edit on top of someone else's newer version: nothing was
 * saved, the editor stays open with what they typed, and `base` is the value
 * they now edit on top of.
 */
export class EditOnTop extends Error {
  constructor(
    message: string,
    readonly base: unknown,
  ) {
    super(message);
    this.name = 'EditOnTop';
  }
}
