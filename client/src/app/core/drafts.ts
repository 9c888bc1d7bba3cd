import { Injectable, signal } from '@angular/core';

const STORAGE_KEY = 'response.drafts';

function load(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

/**
 * Unsaved text (summary, impact, timeline and action drafts), keyed by incident
 * and field, e.g. `incident:42:summary`. Kept in memory and mirrored to this
 * tab's sessionStorage, so a draft survives the session expiring in the middle
 * of a save and the trip through the login page. Only text the user typed is
 * kept here, never a token.
 */
@Injectable({ providedIn: 'root' })
export class Drafts {
  private readonly drafts = signal<Record<string, string>>(load());

  get(key: string): string | null {
    return this.drafts()[key] ?? null;
  }

  set(key: string, text: string): void {
    this.drafts.update((all) => ({ ...all, [key]: text }));
    this.persist();
  }

  clear(key: string): void {
    if (!(key in this.drafts())) return;
    this.drafts.update(({ [key]: _dropped, ...rest }) => rest);
    this.persist();
  }

  private persist(): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.drafts()));
    } catch {
      // Storage full or unavailable: the in-memory copy still holds the draft.
    }
  }
}
