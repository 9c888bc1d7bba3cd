import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  viewChild,
} from '@angular/core';
import { Dialogs, type ConflictChoice } from '../../../core/dialogs';

/** Shows the question of {@link Dialogs} in a modal `<dialog>`; place it once on a page. */
@Component({
  selector: 'app-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app-dialog.html',
  styleUrl: './app-dialog.css',
})
export class AppDialog {
  protected readonly dialogs = inject(Dialogs);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly question = computed(() => this.dialogs.open()?.question ?? null);

  constructor() {
    effect(() => {
      const el = this.dialog().nativeElement;
      if (this.question() && !el.open) el.showModal();
      else if (!this.question() && el.open) el.close();
    });
  }

  protected choose(choice: boolean | ConflictChoice): void {
    this.dialogs.answer(choice);
  }

  /** Escape: the choice that loses nothing (stay, or keep editing what was typed). */
  protected dismissed(event: Event): void {
    event.preventDefault();
    const question = this.question();
    if (!question) return;
    if (question.kind === 'confirm') this.choose(false);
    else this.choose(question.editOnTop ? 'edit' : 'theirs');
  }
}
