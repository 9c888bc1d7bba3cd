import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  Limits,
  SEVERITIES,
  SEVERITY_TEXT,
  textLength,
  type CreateIncidentRequest,
  type Severity,
} from '@response/contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Session } from '../../core/session';
import { UsersApi, label } from '../../core/users-api';
import { severityEmoji } from '../../shared/severity';
import { LimitHint, overLimit } from '../../shared/ui/limit-hint';
import { IncidentsApi } from '../incidents-api';

/** Declare an incident from the web: the fields of the Slack modal. */
@Component({
  selector: 'app-incident-new',
  imports: [FormsModule, RouterLink, LimitHint],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-new.html',
  styleUrl: './incident-new.css',
})
export class IncidentNew {
  private readonly api = inject(IncidentsApi);
  private readonly router = inject(Router);
  protected readonly session = inject(Session);
  protected readonly users = toSignal(inject(UsersApi).list(), { initialValue: [] });

  protected readonly label = label;
  protected readonly maxReport = Limits.reportLength;
  /** The limit counts characters as typed; the browser's maxlength counts UTF-16 units (an emoji is two). */
  protected readonly maxReportUnits = 2 * Limits.reportLength;
  protected readonly severities = SEVERITIES.map((value) => ({
    value,
    text: SEVERITY_TEXT[value],
    emoji: severityEmoji(value),
  }));
  protected model = {
    report: '',
    summary: '',
    impact: '',
    lead: '',
    severity: '',
    reportOnly: false,
    private: false,
  };
  protected readonly saving = signal(false);
  protected readonly error = signal('');
  protected readonly maxText = Limits.textLength;
  protected readonly length = textLength;

  protected async submit(): Promise<void> {
    if (this.saving() || !this.model.report.trim()) return;
    if (textLength(this.model.report.trim()) > this.maxReport) {
      this.error.set(`The report must be at most ${this.maxReport} characters.`);
      return;
    }
    const tooLong =
      overLimit('summary', textLength(this.model.summary), this.maxText) ??
      overLimit('impact', textLength(this.model.impact), this.maxText);
    if (tooLong) {
      this.error.set(tooLong);
      return;
    }
    this.saving.set(true);
    this.error.set('');
    const body: CreateIncidentRequest = {
      report: this.model.report.trim(),
      summary: this.model.summary.trim() || null,
      impact: this.model.impact.trim() || null,
      lead: this.model.lead ? { external_id: this.model.lead } : null,
      severity: (this.model.severity || null) as Severity | null,
      report_only: this.model.reportOnly,
      private: this.model.private,
    };
    try {
      const incident = await firstValueFrom(this.api.create(body));
      await this.router.navigate(['/incident', incident.id]);
    } catch (error) {
      this.error.set(apiErrorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }
}
