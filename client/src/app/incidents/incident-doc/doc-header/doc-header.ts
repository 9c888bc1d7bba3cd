import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import {
  capitalize,
  decodeEntities,
  Limits,
  SEVERITIES,
  SEVERITY_TEXT,
  textLength,
  type IncidentDto,
  type Severity,
  type UpdateIncidentRequest,
  type UserDto,
} from '@response/contracts';
import { trackSave } from '../../../core/api-error';
import { Dialogs } from '../../../core/dialogs';
import { trackUnsaved } from '../../../core/edit-guard';
import { EditOnTop } from '../../../core/versions';
import { CommitOnPick } from '../../../shared/ui/commit-on-pick';
import { severityEmoji, severityLabel } from '../../../shared/severity';
import { readableText, userNames } from '../../../shared/text';
import { StatusBadge } from '../../../shared/ui/status-badge';

/** `Incident <id>`, its report (editable), status and severity, with close/reopen and export. */
@Component({
  selector: 'app-doc-header',
  imports: [StatusBadge, CommitOnPick],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let i = incident();
    <header class="doc-head">
      <div class="title-row">
        <span class="sev" role="img" [attr.aria-label]="'Severity: ' + severityText()"
          ><span class="sev-emoji" aria-hidden="true">{{ emoji() }}</span
          ><span class="sev-word" aria-hidden="true">{{ severityName() }}</span></span
        >
        <h1>Incident {{ i.id }}</h1>
        <app-status-badge [status]="i.status" />
        @if (i.private) {
          <span class="tag">Private</span>
        }
      </div>
      @if (editingReport()) {
        <form
          class="report-edit"
          (submit)="$event.preventDefault(); saveReport()"
          (keydown.escape)="cancelReport()"
        >
          <label for="report-input" class="visually-hidden">Report</label>
          <input
            #reportInput
            id="report-input"
            name="report"
            [maxLength]="maxReportUnits"
            required
            [value]="reportDraft()"
            (input)="reportDraft.set($any($event.target).value)"
            [attr.aria-describedby]="reportError() ? 'report-error' : null"
          />
          <button
            type="submit"
            class="button primary small"
            [disabled]="busy() || !reportDraft().trim()"
          >
            {{ busy() ? 'Saving…' : 'Save' }}
          </button>
          <button
            type="button"
            class="button ghost small"
            (click)="cancelReport()"
            [disabled]="busy()"
          >
            Cancel
          </button>
          <span class="muted hint" [class.over]="reportLength() > maxReport"
            >{{ reportLength() }}/{{ maxReport }}</span
          >
          @if (theirReport() !== null) {
            <p class="theirs" data-theirs>Their version: {{ theirReport() }}</p>
          }
          @if (reportError()) {
            <p id="report-error" class="error" role="alert">Not saved: {{ reportError() }}</p>
          }
        </form>
      } @else {
        <p class="report">
          <span class="report-text">{{ report() }}</span>
          @if (editable()) {
            <button
              #reportButton
              type="button"
              class="link-button"
              (click)="editReport()"
              aria-label="Edit report"
            >
              edit
            </button>
          }
        </p>
      }
      <div class="controls">
        <div class="severity">
          <label for="severity">Severity</label>
          @if (editable()) {
            <select
              #severitySelect
              id="severity"
              [disabled]="busy()"
              (picked)="pickSeverity($event)"
            >
              @if (!i.severity) {
                <option value="" disabled [selected]="shownSeverity() === ''">☁️ Not set</option>
              }
              @for (s of severities; track s.value) {
                <option [value]="s.value" [selected]="shownSeverity() === s.value">
                  {{ s.emoji }} {{ s.text }}
                </option>
              }
            </select>
            @if (busy()) {
              <span class="muted hint" aria-live="polite">Saving…</span>
            }
          } @else {
            <span class="value">{{ emoji() }} {{ severityName() }}</span>
          }
        </div>
        <div class="spacer"></div>
        <label class="transcript">
          <input
            type="checkbox"
            [checked]="withTranscript()"
            (change)="withTranscript.set($any($event.target).checked)"
          />
          with the channel transcript
        </label>
        <button type="button" class="button small" (click)="download.emit(withTranscript())">
          Download report (Markdown)
        </button>
        @if (editable() && !i.report_only) {
          @if (i.is_closed) {
            <button
              #stateButton
              type="button"
              class="button small"
              (click)="setClosed(false)"
              [disabled]="busy()"
            >
              Reopen incident
            </button>
          } @else {
            <button
              #stateButton
              type="button"
              class="button primary small"
              (click)="setClosed(true)"
              [disabled]="busy()"
            >
              Close incident
            </button>
          }
        }
      </div>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    </header>
  `,
  styles: `
    .title-row {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    .sev {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
    }
    .sev-emoji {
      font-size: 2rem;
      line-height: 1;
    }
    .sev-word {
      font-size: 0.8rem;
      font-weight: 650;
      color: var(--text-2);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .theirs {
      flex-basis: 100%;
      margin: 0;
      font-size: 0.85rem;
      color: var(--text-2);
      border-left: 3px solid var(--accent);
      padding-left: 0.5rem;
      overflow-wrap: anywhere;
    }
    .hint.over {
      color: var(--danger);
      font-weight: 600;
    }
    h1 {
      margin: 0;
      font-size: 1.9rem;
      letter-spacing: -0.02em;
    }
    .tag {
      font-size: 0.75rem;
      color: var(--muted);
      border: 1px dashed var(--line-strong);
      border-radius: 999px;
      padding: 0 0.6em;
    }
    .report {
      font-size: 1.15rem;
      color: var(--text-2);
      margin: 0.5rem 0 1rem;
      max-width: 60rem;
      overflow-wrap: anywhere;
    }
    .report .link-button {
      font-size: 0.85rem;
      margin-left: 0.35rem;
    }
    .report-edit {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin: 0.5rem 0 1rem;
      max-width: 60rem;
    }
    .report-edit input {
      flex: 1 1 20rem;
      font-size: 1.05rem;
    }
    .report-edit .error {
      flex-basis: 100%;
    }
    .hint {
      font-size: 0.8rem;
      font-variant-numeric: tabular-nums;
    }
    .controls {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    .severity {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .severity label {
      font-size: 0.75rem;
      font-weight: 650;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .spacer {
      flex: 1;
    }
    .transcript {
      font-size: 0.85rem;
      color: var(--text-2);
      display: inline-flex;
      gap: 0.35rem;
      align-items: center;
    }
    @media (max-width: 600px) {
      h1 {
        font-size: 1.5rem;
      }
      .spacer {
        display: none;
      }
    }
  `,
})
export class DocHeader {
  readonly incident = input.required<IncidentDto>();
  readonly editable = input(false);
  readonly users = input<readonly UserDto[]>([]);
  /** Saves a change made on what the user `seen` (see IncidentDoc.update). */
  readonly update =
    input.required<
      (patch: UpdateIncidentRequest, seen?: Partial<IncidentDto>) => Promise<boolean>
    >();
  /** Saves a choice at once, with Undo (see IncidentDoc.choose). */
  readonly choose = input.required<(patch: UpdateIncidentRequest) => Promise<void>>();
  readonly download = output<boolean>();
  /** Whether the download appends the kept conversation of the comms channel. */
  protected readonly withTranscript = signal(false);

  private readonly injector = inject(Injector);
  private readonly dialogs = inject(Dialogs);
  private readonly reportInput = viewChild<ElementRef<HTMLInputElement>>('reportInput');
  private readonly reportButton = viewChild<ElementRef<HTMLButtonElement>>('reportButton');
  private readonly severitySelect = viewChild<ElementRef<HTMLSelectElement>>('severitySelect');
  private readonly stateButton = viewChild<ElementRef<HTMLButtonElement>>('stateButton');

  protected readonly maxReport = Limits.reportLength;
  /** The limit counts characters as typed; the browser's maxlength counts UTF-16 units (an emoji is two). */
  protected readonly maxReportUnits = 2 * Limits.reportLength;
  protected readonly reportLength = computed(() => textLength(this.reportDraft()));
  protected readonly severities = SEVERITIES.map((value) => ({
    value,
    text: capitalize(SEVERITY_TEXT[value]),
    emoji: severityEmoji(value),
  }));
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly emoji = computed(() => severityEmoji(this.incident().severity));
  protected readonly severityText = computed(() => severityLabel(this.incident().severity));
  protected readonly severityName = computed(() => capitalize(this.severityText()));
  protected readonly report = computed(() =>
    readableText(this.incident().report, userNames(this.users())),
  );

  /** The severity being saved, shown in the select until the incident has it. */
  protected readonly savingSeverity = signal<string | null>(null);
  protected readonly shownSeverity = computed(
    () => this.savingSeverity() ?? this.incident().severity ?? '',
  );

  protected readonly editingReport = signal(false);
  protected readonly reportDraft = signal('');
  protected readonly reportError = signal('');
  /** Someone else's newer report, when the user chose to edit on top of it. */
  protected readonly theirReport = signal<string | null>(null);
  /** The stored report the edit started from. */
  private reportSeen = '';

  constructor() {
    trackUnsaved({
      label: () => 'the report',
      dirty: () =>
        this.editingReport() &&
        this.reportDraft().trim() !== decodeEntities(this.reportSeen).trim(),
      discard: () => this.editingReport.set(false),
    });
  }

  protected editReport(): void {
    this.reportSeen = this.incident().report;
    this.reportDraft.set(decodeEntities(this.reportSeen));
    this.theirReport.set(null);
    this.reportError.set('');
    this.editingReport.set(true);
    this.focus(this.reportInput);
  }

  protected cancelReport(): void {
    if (this.busy()) return;
    this.editingReport.set(false);
    this.reportError.set('');
    this.focus(this.reportButton);
  }

  protected async saveReport(): Promise<void> {
    const report = this.reportDraft().trim();
    if (this.busy()) return;
    if (!report) {
      this.reportError.set('The report cannot be empty.');
      return;
    }
    if (textLength(report) > this.maxReport) {
      this.reportError.set(`The report must be at most ${this.maxReport} characters.`);
      return;
    }
    let ontop: EditOnTop | null = null;
    const saved = await trackSave({ busy: this.busy, error: this.reportError }, () =>
      this.update()({ report }, { report: this.reportSeen }).catch((error: unknown) => {
        if (error instanceof EditOnTop) ontop = error;
        throw error;
      }),
    );
    if (ontop) {
      this.reportSeen = String((ontop as EditOnTop).base ?? '');
      this.theirReport.set(readableText(this.reportSeen, userNames(this.users())));
    }
    if (saved) this.editingReport.set(false);
    this.focus(saved ? this.reportButton : this.reportInput);
  }

  /** A severity picked: saved at once (with Undo). */
  protected async pickSeverity(value: string): Promise<void> {
    if (!value || value === (this.incident().severity ?? '') || this.busy()) return;
    this.savingSeverity.set(value);
    await trackSave({ busy: this.busy, error: this.error }, () =>
      this.choose()({ severity: value as Severity }),
    );
    this.savingSeverity.set(null);
    this.focus(this.severitySelect);
  }

  protected async setClosed(closed: boolean): Promise<void> {
    if (closed) {
      const sure = await this.dialogs.confirm({
        title: `Close incident ${this.incident().id}?`,
        message:
          'It will be marked resolved, with its end time now, and its channel and lead are told. You can reopen it.',
        confirm: 'Close incident',
        cancel: 'Keep it open',
      });
      if (!sure) {
        this.focus(this.stateButton);
        return;
      }
    }
    await trackSave({ busy: this.busy, error: this.error }, () =>
      this.update()({ end_time: closed ? new Date().toISOString() : null }),
    );
    // The button changes from Close to Reopen (or back): keep the keyboard on it.
    this.focus(this.stateButton);
  }

  private focus(target: () => ElementRef<HTMLElement> | undefined): void {
    afterNextRender(() => target()?.nativeElement.focus(), { injector: this.injector });
  }
}
