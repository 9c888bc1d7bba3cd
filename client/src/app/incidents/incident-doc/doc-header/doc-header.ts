import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { SEVERITIES, SEVERITY_TEXT, unslackify, type IncidentDto, type Severity, type UpdateIncidentRequest } from '@response/contracts';
import { apiErrorMessage } from '../../../core/api-error';
import { severityEmoji, severityLabel } from '../../../shared/severity';
import { StatusBadge } from '../../../shared/ui/status-badge';

/** `Incident <id>`, its report, status and severity, with close/reopen and export. */
@Component({
  selector: 'app-doc-header',
  imports: [StatusBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let i = incident();
    <header class="doc-head">
      <div class="title-row">
        <span class="sev" role="img" [attr.aria-label]="'Severity: ' + severityText()">{{ emoji() }}</span>
        <h1>Incident {{ i.id }}</h1>
        <app-status-badge [status]="i.status" />
        @if (i.private) {
          <span class="tag">Private</span>
        }
      </div>
      <p class="report">{{ report() }}</p>
      <div class="controls">
        <div class="severity">
          <label for="severity">Severity</label>
          @if (editable()) {
            <select id="severity" (change)="setSeverity($any($event.target))" [disabled]="busy()">
              @if (!i.severity) {
                <option value="" selected disabled>☁️ Not set</option>
              }
              @for (s of severities; track s.value) {
                <option [value]="s.value" [selected]="i.severity === s.value">{{ s.emoji }} {{ s.text }}</option>
              }
            </select>
          } @else {
            <span class="value">{{ emoji() }} {{ severityText() }}</span>
          }
        </div>
        <div class="spacer"></div>
        <button type="button" class="button small" (click)="download.emit()">Download report (Markdown)</button>
        @if (editable() && !i.report_only) {
          @if (i.is_closed) {
            <button type="button" class="button small" (click)="setClosed(false)" [disabled]="busy()">Reopen incident</button>
          } @else {
            <button type="button" class="button primary small" (click)="setClosed(true)" [disabled]="busy()">Close incident</button>
          }
        }
      </div>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    </header>
  `,
  styles: `
    .title-row { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
    .sev { font-size: 2rem; line-height: 1; }
    h1 { margin: 0; font-size: 1.9rem; letter-spacing: -.02em; }
    .tag { font-size: .75rem; color: var(--muted); border: 1px dashed var(--line-strong); border-radius: 999px; padding: 0 .6em; }
    .report { font-size: 1.15rem; color: var(--text-2); margin: .5rem 0 1rem; max-width: 60rem; }
    .controls { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap; }
    .severity { display: flex; align-items: center; gap: .5rem; }
    .severity label { font-size: .75rem; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
    .severity select { text-transform: capitalize; }
    .value { text-transform: capitalize; }
    .spacer { flex: 1; }
    @media (max-width: 600px) { h1 { font-size: 1.5rem; } .spacer { display: none; } }
  `,
})
export class DocHeader {
  readonly incident = input.required<IncidentDto>();
  readonly editable = input(false);
  readonly update = input.required<(patch: UpdateIncidentRequest) => Promise<void>>();
  readonly download = output<void>();

  protected readonly severities = SEVERITIES.map((value) => ({ value, text: SEVERITY_TEXT[value], emoji: severityEmoji(value) }));
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly emoji = computed(() => severityEmoji(this.incident().severity));
  protected readonly severityText = computed(() => severityLabel(this.incident().severity));
  protected readonly report = computed(() => unslackify(this.incident().report));

  protected async setSeverity(select: HTMLSelectElement): Promise<void> {
    const before = this.incident().severity ?? '';
    const ok = await this.run({ severity: select.value as Severity });
    if (!ok) select.value = before;
  }

  protected async setClosed(closed: boolean): Promise<void> {
    await this.run({ end_time: closed ? new Date().toISOString() : null });
  }

  private async run(patch: UpdateIncidentRequest): Promise<boolean> {
    this.busy.set(true);
    this.error.set('');
    try {
      await this.update()(patch);
      return true;
    } catch (error) {
      this.error.set(apiErrorMessage(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
