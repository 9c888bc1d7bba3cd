import { Injectable, signal } from '@angular/core';

/** One field of a conflict: what it is now, and what the user wanted it to be. */
export interface ConflictRow {
  label: string;
  theirs: string;
  yours: string;
}

/** A write that met someone else's newer version of the same fields. */
export interface ConflictQuestion {
  kind: 'conflict';
  title: string;
  /** Who saved the newer version, when known. */
  who: string | null;
  rows: ConflictRow[];
  /** Whether "Edit on top of theirs" makes sense (text being edited), besides keep mine / take theirs. */
  editOnTop: boolean;
}

export interface ConfirmQuestion {
  kind: 'confirm';
  title: string;
  message: string;
  confirm: string;
  cancel: string;
  /** The confirmed action loses or closes something: the button says so by its colour. */
  danger?: boolean;
}

export type ConflictChoice = 'mine' | 'theirs' | 'edit';

export type Question = ConfirmQuestion | ConflictQuestion;

interface Open {
  question: Question;
  answer: (choice: boolean | ConflictChoice) => void;
}

/**
 * Questions the app asks in a modal dialog (`<app-dialog>` shows them), one at a
 * time: "are you sure?" and "someone else changed this: keep yours, take theirs
 * or edit on top?".
 */
@Injectable({ providedIn: 'root' })
export class Dialogs {
  private readonly state = signal<Open | null>(null);
  readonly open = this.state.asReadonly();
  private queue: Promise<unknown> = Promise.resolve();

  confirm(question: Omit<ConfirmQuestion, 'kind'>): Promise<boolean> {
    return this.ask({ kind: 'confirm', ...question }) as Promise<boolean>;
  }

  conflict(question: Omit<ConflictQuestion, 'kind'>): Promise<ConflictChoice> {
    return this.ask({ kind: 'conflict', ...question }) as Promise<ConflictChoice>;
  }

  /** Called by the dialog with the user's answer. */
  answer(choice: boolean | ConflictChoice): void {
    const open = this.state();
    if (!open) return;
    this.state.set(null);
    open.answer(choice);
  }

  private ask(question: Question): Promise<boolean | ConflictChoice> {
    const asked = this.queue.then(
      () => new Promise<boolean | ConflictChoice>((answer) => this.state.set({ question, answer })),
    );
    this.queue = asked.catch(() => undefined);
    return asked;
  }
}
