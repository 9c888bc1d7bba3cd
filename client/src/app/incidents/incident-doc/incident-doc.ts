import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import {
  renderIncidentReport,
  type ActionDto,
  type IncidentDto,
  type ParticipantDto,
  type TimelineEntryDto,
  type UpdateIncidentRequest,
  type UserDto,
} from '@response/contracts';
import { SANITIZE, provideMarkdown } from 'ngx-markdown';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Session } from '../../core/session';
import { UsersApi } from '../../core/users-api';
import { emoji } from '../../shared/emoji';
import { markdownSanitizer } from '../../shared/safe-html';
import { MarkdownField } from '../../shared/ui/markdown-field/markdown-field';
import { IncidentsApi } from '../incidents-api';
import { RolesApi } from '../roles-api';
import { TimelineApi } from '../timeline-api';
import { DocTabs } from '../doc-tabs';
import { DocHeader } from './doc-header/doc-header';
import { IncidentActions } from './incident-actions/incident-actions';
import { IncidentFacts } from './incident-facts/incident-facts';
import { IncidentTimeline } from './incident-timeline/incident-timeline';

/** The incident doc: everything about one incident, editable in place. */
@Component({
  selector: 'app-incident-doc',
  imports: [
    RouterLink,
    DocHeader,
    DocTabs,
    MarkdownField,
    IncidentFacts,
    IncidentActions,
    IncidentTimeline,
  ],
  // Markdown is rendered only here (so it stays out of the initial bundle), always sanitized.
  providers: [provideMarkdown({ sanitize: { provide: SANITIZE, useFactory: markdownSanitizer } })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './incident-doc.html',
  styleUrl: './incident-doc.css',
})
export class IncidentDoc {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly incidentsApi = inject(IncidentsApi);
  private readonly rolesApi = inject(RolesApi);
  private readonly timelineApi = inject(TimelineApi);
  private readonly usersApi = inject(UsersApi);
  private readonly title = inject(Title);
  protected readonly session = inject(Session);

  protected readonly incident = signal<IncidentDto | null>(null);
  protected readonly timeline = signal<TimelineEntryDto[] | null>(null);
  protected readonly users = signal<UserDto[]>([]);
  protected readonly participants = signal<ParticipantDto[] | null>(null);
  protected readonly loadError = signal('');
  protected readonly timelineError = signal('');
  protected readonly notFound = signal(false);
  protected readonly canEdit = this.session.canEdit;
  protected readonly incidentId = computed(() => Number(this.id()));

  constructor() {
    effect(() => {
      const id = this.incidentId();
      void this.load(id);
    });
  }

  private async load(id: number): Promise<void> {
    this.incident.set(null);
    this.timeline.set(null);
    this.participants.set(null);
    this.loadError.set('');
    this.notFound.set(false);
    if (!Number.isInteger(id) || id <= 0) {
      this.notFound.set(true);
      return;
    }
    this.usersApi
      .list()
      .subscribe({ next: (users) => this.users.set(users), error: () => this.users.set([]) });
    this.incidentsApi.participants(id).subscribe({
      next: (list) => this.participants.set(list.slice(0, 5)),
      error: () => this.participants.set([]),
    });
    void this.reloadTimeline(id);
    try {
      const incident = await firstValueFrom(this.incidentsApi.get(id));
      this.incident.set(incident);
      this.title.setTitle(`Incident ${incident.id} · Response`);
    } catch (error) {
      if ((error as { status?: number }).status === 404) this.notFound.set(true);
      else this.loadError.set(apiErrorMessage(error));
    }
  }

  private async reloadTimeline(id = this.incidentId()): Promise<void> {
    try {
      this.timeline.set(await firstValueFrom(this.timelineApi.list(id)));
      this.timelineError.set('');
    } catch (error) {
      this.timelineError.set(apiErrorMessage(error));
      this.timeline.update((current) => current ?? []);
    }
  }

  /** Saves a change to the incident; children show the error if this rejects. */
  protected readonly update = async (patch: UpdateIncidentRequest): Promise<void> => {
    const updated = await firstValueFrom(this.incidentsApi.update(this.incidentId(), patch));
    this.incident.set(updated);
    // Changes to lead, severity, summary and impact add timeline entries on the server.
    void this.reloadTimeline();
  };

  /** Gives a role besides the lead to someone (or nobody); the server adds a timeline entry. */
  protected readonly saveRole = async (role: string, user: UserDto | null): Promise<void> => {
    const ref = user ? { app_id: user.app_id, external_id: user.external_id } : null;
    this.incident.set(await firstValueFrom(this.rolesApi.set(this.incidentId(), role, ref)));
    void this.reloadTimeline();
  };

  protected readonly saveSummary = (text: string) => this.update({ summary: text });
  protected readonly saveImpact = (text: string) => this.update({ impact: text });

  protected actionsChanged(actions: ActionDto[]): void {
    this.incident.update((incident) =>
      incident ? { ...incident, action_items: actions } : incident,
    );
  }

  /** Saves the report; with the transcript, the server writes it (it holds the conversation). */
  protected async download(withTranscript = false): Promise<void> {
    const incident = this.incident();
    if (!incident) return;
    let text: string;
    if (withTranscript) {
      try {
        text = await firstValueFrom(this.incidentsApi.reportMarkdown(incident.id, true));
      } catch (error) {
        this.loadError.set('');
        this.timelineError.set(`Report not downloaded: ${apiErrorMessage(error)}`);
        return;
      }
    } else
      text = renderIncidentReport({
        incident,
        timeline: this.timeline() ?? [],
        users: this.users(),
        emoji,
      });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `incident-${incident.id}-report.md`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
