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
import { severityEmoji, severityLabel } from '../../../shared/severity';
import { readableText, userNames } from '../../../shared/text';
import { StatusBadge } from '../../../shared/ui/status-badge';

/** `Incident <id>`, its report (editable), status and severity, with close/reopen and export. */
@Component({
  selector: 'app-doc-header',
  imports: [StatusBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let i = incident();
    <header class="doc-head">
      <div class="title-row">
        <span class="sev" role="img" [attr.aria-label]="'Severity: ' + severityText()">{{
          emoji()
        }}</span>
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
          <span class="muted hint">{{ reportLength() }}/{{ maxReport }}</span>
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
              (change)="pendingSeverity.set($any($event.target).value)"
              (keydown.enter)="$event.preventDefault(); applySeverity()"
              (keydown.escape)="pendingSeverity.set(null)"
            >
              @if (!i.severity) {
                <option value="" disabled [selected]="currentSeverity() === ''">☁️ Not set</option>
              }
              @for (s of severities; track s.value) {
                <option [value]="s.value" [selected]="currentSeverity() === s.value">
                  {{ s.emoji }} {{ s.text }}
                </option>
              }
            </select>
            @if (severityChanged()) {
              <button
                type="button"
                class="button primary small"
                (click)="applySeverity()"
                [disabled]="busy()"
              >
                Set severity
              </button>
              <button
                type="button"
                class="button ghost small"
                (click)="resetSeverity()"
                [disabled]="busy()"
              >
                Cancel
              </button>
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
      font-size: 2rem;
      line-height: 1;
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
  readonly update = input.required<(patch: UpdateIncidentRequest) => Promise<void>>();
  readonly download = output<boolean>();
  /** Whether the download appends the kept conversation of the comms channel. */
  protected readonly withTranscript = signal(false);

  private readonly injector = inject(Injector);
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

  /** The severity picked in the select but not yet saved; arrowing through options saves nothing. */
  protected readonly pendingSeverity = signal<string | null>(null);
  protected readonly currentSeverity = computed(
    () => this.pendingSeverity() ?? this.incident().severity ?? '',
  );
  protected readonly severityChanged = computed(() => {
    const pending = this.pendingSeverity();
    return pending !== null && pending !== '' && pending !== (this.incident().severity ?? '');
  });

  protected readonly editingReport = signal(false);
  protected readonly reportDraft = signal('');
  protected readonly reportError = signal('');

  protected editReport(): void {
    this.reportDraft.set(decodeEntities(this.incident().report));
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
    const saved = await trackSave({ busy: this.busy, error: this.reportError }, () =>
      this.update()({ report }),
    );
    if (saved) this.editingReport.set(false);
    this.focus(saved ? this.reportButton : this.reportInput);
  }

  protected async applySeverity(): Promise<void> {
    if (!this.severityChanged() || this.busy()) return;
    if (await this.run({ severity: this.pendingSeverity() as Severity }))
      this.pendingSeverity.set(null);
    this.focus(this.severitySelect);
  }

  protected resetSeverity(): void {
    this.pendingSeverity.set(null);
    this.focus(this.severitySelect);
  }

  protected async setClosed(closed: boolean): Promise<void> {
    await this.run({ end_time: closed ? new Date().toISOString() : null });
    // The button changes from Close to Reopen (or back): keep the keyboard on it.
    this.focus(this.stateButton);
  }

  private focus(target: () => ElementRef<HTMLElement> | undefined): void {
    afterNextRender(() => target()?.nativeElement.focus(), { injector: this.injector });
  }

  private run(patch: UpdateIncidentRequest): Promise<boolean> {
    return trackSave({ busy: this.busy, error: this.error }, () => this.update()(patch));
  }
}
