import { DestroyRef, Injectable, inject } from '@angular/core';

/** An editor that may hold text or a choice the user has not saved. */
export interface UnsavedEdit {
  /** What it edits, for "your changes to the summary are not saved". */
  label: () => string;
  dirty: () => boolean;
  /** Forgets what was not saved (its kept draft too). */
  discard: () => void;
}

/**
 * The editors of a page, so that leaving it with unsaved edits asks first.
 * Provided by the page; editors register with {@link trackUnsaved}.
 */
@Injectable()
export class EditGuard {
  private readonly edits = new Set<UnsavedEdit>();

  add(edit: UnsavedEdit): () => void {
    this.edits.add(edit);
    return () => this.edits.delete(edit);
  }

  /** The editors holding unsaved edits now. */
  unsaved(): UnsavedEdit[] {
    return [...this.edits].filter((edit) => edit.dirty());
  }

  discardAll(): void {
    for (const edit of this.unsaved()) edit.discard();
  }
}

/**
 * Registers an editor with the page's {@link EditGuard} for as long as the
 * calling component lives (call it in a constructor or field initialiser).
 */
export function trackUnsaved(edit: UnsavedEdit): void {
  const guard = inject(EditGuard, { optional: true });
  if (!guard) return;
  inject(DestroyRef).onDestroy(guard.add(edit));
}
