import { Directive, ElementRef, inject, output } from '@angular/core';

/** Keys that change a closed select's value as the user moves through it. */
const MOVING = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'PageUp',
  'PageDown',
  'Home',
  'End',
]);

/**
 * `<select (picked)="save($event)">`: a choice made with the mouse or touch (or
 * from the open list) is picked at once. Moving through a closed select with
 * the keyboard changes its value on every key; that choice is picked with
 * Enter or on leaving the select, so nothing is saved while arrowing, and
 * Escape goes back to the last pick.
 */
@Directive({
  selector: 'select[picked]',
  host: {
    '(keydown)': 'keydown($event)',
    '(change)': 'change()',
    '(blur)': 'commit()',
  },
})
export class CommitOnPick {
  readonly picked = output<string>();

  private readonly select = inject<ElementRef<HTMLSelectElement>>(ElementRef).nativeElement;
  /** True from a moving key until the task that handles it ends. */
  private moving = false;
  /** A keyboard choice not picked yet. */
  private pending: string | null = null;
  private last: string | null = null;

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      if (this.pending !== null) event.preventDefault();
      this.commit();
    } else if (event.key === 'Escape' && this.pending !== null) {
      event.stopPropagation();
      this.pending = null;
      if (this.last !== null) this.select.value = this.last;
    } else if (
      MOVING.has(event.key) ||
      (event.key.length === 1 && !event.ctrlKey && !event.metaKey)
    ) {
      this.last ??= this.select.value;
      this.moving = true;
      setTimeout(() => (this.moving = false));
    }
  }

  protected change(): void {
    if (this.moving) {
      this.pending = this.select.value;
      return;
    }
    this.pending = null;
    this.last = this.select.value;
    this.picked.emit(this.select.value);
  }

  /** Picks a keyboard choice not picked yet. */
  protected commit(): void {
    if (this.pending === null) return;
    const value = this.pending;
    this.pending = null;
    this.last = value;
    this.picked.emit(value);
  }
}
