import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import {
  Limits,
  renderIncidentReport,
  type ActionDto,
  type IncidentDto,
  type ParticipantDto,
  type TimelineEntryDto,
  type UpdateIncidentRequest,
  type UserDto,
} from '@response/contracts';
import { firstValueFrom, type Subscription } from 'rxjs';
import { apiErrorMessage } from '../../core/api-error';
import { Dialogs } from '../../core/dialogs';
import { EditGuard } from '../../core/edit-guard';
import { LiveApi } from '../../core/live';
import { Session } from '../../core/session';
import { label, UsersApi } from '../../core/users-api';
import { EditOnTop, newerVersion } from '../../core/versions';
import { AppDialog } from '../../shared/ui/app-dialog/app-dialog';
import { emoji } from '../../shared/emoji';
import { MarkdownField } from '../../shared/ui/markdown-field/markdown-field';
import { IncidentsApi } from '../incidents-api';
import { RolesApi } from '../roles-api';
import { TimelineApi } from '../timeline-api';
import { DocTabs } from '../doc-tabs';
import { DocHeader } from './doc-header/doc-header';
import { IncidentActions } from './incident-actions/incident-actions';
import { IncidentFacts } from './incident-facts/incident-facts';
import { IncidentTimeline } from './incident-timeline/incident-timeline';
import {
  alreadyAsked,
  changedFields,
  describeRequested,
  describeValue,
  fieldLabel,
  fieldsOf,
  listOf,
  pick,
  severityName,
  valueOf,
  type IncidentField,
} from './incident-fields';

/** How long "Saved · Undo" stays. */
const NOTICE_MS = 8000;
/** Writes tried when others keep saving the incident in between. */
const MAX_TRIES = 3;
/** Fields edited as text, where "edit on top of theirs" makes sense. */
const TEXT_FIELDS: readonly IncidentField[] = ['report', 'summary', 'impact'];

interface Notice {
  text: string;
  undo?: () => Promise<void>;
  /** What someone else saved in a field the user is editing, to look at. */
  theirs?: { title: string; text: string };
  error: string;
}

/** The change that puts a field back as it was; null when it cannot be (a severity cannot be unset). */
function undoOf(before: IncidentDto, field: IncidentField): UpdateIncidentRequest | null {
  if (field === 'severity') return before.severity ? { severity: before.severity } : null;
  if (field === 'lead')
    return {
      lead: before.lead
        ? { external_id: before.lead.external_id, app_id: before.lead.app_id }
        : null,
    };
  return null;
}
import { StatusUpdate } from './status-update/status-update';

/** The incident doc: everything about one incident, editable in place. */
@Component({
  selector: 'app-incident-doc',
  imports: [
    RouterLink,
    AppDialog,
    DocHeader,
    DocTabs,
    MarkdownField,
    IncidentFacts,
    IncidentActions,
    IncidentTimeline,
    StatusUpdate,
  ],
  providers: [EditGuard],
  host: { '(window:beforeunload)': 'beforeUnload($event)' },
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
  private readonly dialogs = inject(Dialogs);
  private readonly guard = inject(EditGuard);
  private readonly live = inject(LiveApi);
  private liveUpdates: Subscription | undefined;

  protected readonly incident = signal<IncidentDto | null>(null);
  protected readonly timeline = signal<TimelineEntryDto[] | null>(null);
  protected readonly users = signal<UserDto[]>([]);
  protected readonly participants = signal<ParticipantDto[] | null>(null);
  protected readonly loadError = signal('');
  protected readonly timelineError = signal('');
  protected readonly notFound = signal(false);
  protected readonly canEdit = this.session.canEdit;
  protected readonly incidentId = computed(() => Number(this.id()));
  protected readonly textLimit = Limits.textLength;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.noticeTimer);
      this.liveUpdates?.unsubscribe();
    });
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
      this.follow(id);
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

  /**
   * Saves a change to the incident, made on the version the page shows
   * (`If-Match`). `seen` is what the editor started from for the fields it
   * changes (default: what the page shows now). When someone else changed one
   * of those fields meanwhile, the user chooses: keep theirs, keep mine, or
   * edit on top of theirs (which rejects with {@link EditOnTop} and keeps the
   * editor open). Their changes to other fields are kept and the change is
   * saved with them. Resolves to whether the change was saved; children show
   * the error if it rejects.
   */
  protected readonly update = async (
    patch: UpdateIncidentRequest,
    seen: Partial<IncidentDto> = {},
  ): Promise<boolean> => {
    const { saved, note } = await this.write(patch, seen);
    if (note) this.notify(note);
    return saved;
  };

  /** Gives a role besides the lead to someone (or nobody); the server adds a timeline entry. */
  protected readonly saveRole = async (role: string, user: UserDto | null): Promise<void> => {
    const ref = user ? { app_id: user.app_id, external_id: user.external_id } : null;
    this.incident.set(await firstValueFrom(this.rolesApi.set(this.incidentId(), role, ref)));
    void this.reloadTimeline();
  };

  /** Writes of this page, one after the other: each is made on the version the one before left. */
  private writes: Promise<unknown> = Promise.resolve();

  /** {@link update}, saying what else changed meanwhile in `note` rather than on screen. */
  private write(
    patch: UpdateIncidentRequest,
    seen: Partial<IncidentDto>,
  ): Promise<{ saved: boolean; note: string | null }> {
    const run = this.writes.then(() => this.writeNow(patch, seen));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async writeNow(
    patch: UpdateIncidentRequest,
    seen: Partial<IncidentDto>,
  ): Promise<{ saved: boolean; note: string | null }> {
    const id = this.incidentId();
    const fields = fieldsOf(patch);
    let current = this.incident()!;
    const base: Partial<IncidentDto> = { ...pick(current, fields), ...seen };
    let others: IncidentField[] = [];
    for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
      if (fields.every((field) => alreadyAsked(current, patch, field, base))) {
        this.adopt(current);
        return { saved: true, note: null };
      }
      const clash = fields.filter((field) => valueOf(base, field) !== valueOf(current, field));
      if (clash.length > 0) {
        const who = label(current.updated_by) || null;
        const choice = await this.dialogs.conflict({
          title: `The ${listOf(clash)} changed while you were working on it`,
          who,
          rows: clash.map((field) => ({
            label: fieldLabel(field, true),
            theirs: describeValue(current, field),
            yours: describeRequested(patch, field, this.users()),
          })),
          editOnTop: fields.length === 1 && TEXT_FIELDS.includes(fields[0]),
        });
        if (choice !== 'mine') {
          this.adopt(current);
          if (choice === 'theirs') return { saved: false, note: null };
          throw new EditOnTop(
            `Not saved yet: ${who ?? 'someone'}'s version is shown with yours. Edit on top of it, then save.`,
            current[fields[0] as keyof IncidentDto],
          );
        }
        Object.assign(base, pick(current, fields));
      }
      try {
        const updated = await firstValueFrom(this.incidentsApi.update(id, patch, current.version));
        this.adopt(updated);
        const note =
          others.length > 0
            ? `${label(current.updated_by) || 'Someone'} also changed the ${listOf(others)} meanwhile: your change was saved with theirs.`
            : null;
        return { saved: true, note };
      } catch (error) {
        const newer = newerVersion<IncidentDto>(error);
        if (!newer) throw error;
        others = [
          ...new Set([
            ...others,
            ...changedFields(current, newer).filter((field) => !fields.includes(field)),
          ]),
        ];
        current = newer;
      }
    }
    this.adopt(current);
    throw new Error('The incident keeps changing: your change was not saved. Try again.');
  }

  /**
   * A choice saved at once (severity, lead), with "Undo" for a few seconds.
   * Undo puts back what was there, unless someone changed it since (then it asks).
   */
  protected readonly choose = async (patch: UpdateIncidentRequest): Promise<void> => {
    const before = this.incident()!;
    const { saved, note } = await this.write(patch, {});
    if (!saved) return;
    const after = this.incident()!;
    const field = fieldsOf(patch)[0];
    const undo = undoOf(before, field);
    const said =
      field === 'severity'
        ? `Severity set to ${severityName(after.severity)}.`
        : after.lead
          ? `Lead set to ${label(after.lead)}.`
          : 'Lead removed.';
    const text = undo ? said : `${said} A severity can be changed but not unset.`;
    this.notify(
      note ? `${text} ${note}` : text,
      undo
        ? async () => {
            if (await this.update(undo, pick(after, [field])))
              this.notify(`Back to ${describeValue(this.incident()!, field)}.`);
          }
        : undefined,
    );
  };

  /** Changes from Slack, other people and other processes show up in place. */
  private follow(id: number): void {
    this.liveUpdates?.unsubscribe();
    this.liveUpdates = this.live.incident(id).subscribe((incident) => this.applyLive(incident));
  }

  /**
   * A newer version of the incident: shown at once, except in a field the user
   * is editing, which keeps what they typed; they are told who changed it and
   * can look at it, and saving asks which to keep (see {@link writeNow}).
   */
  private applyLive(incoming: IncidentDto): void {
    const current = this.incident();
    if (!current || incoming.id !== current.id || incoming.version <= current.version) return;
    const editing = new Set(this.guard.unsaved().map((edit) => edit.label()));
    const clashes = changedFields(current, incoming).filter((field) =>
      editing.has(fieldLabel(field)),
    );
    this.incident.set(incoming);
    void this.reloadTimeline();
    if (clashes.length === 0) return;
    const who = label(incoming.updated_by) || 'Someone';
    const field = clashes[0];
    this.notice.set({
      text: `${who} changed the ${listOf(clashes)} while you were editing. Your text is kept; saving asks which to keep.`,
      theirs: { title: `${who}'s ${fieldLabel(field)}`, text: describeValue(incoming, field) },
      error: '',
    });
  }

  protected async viewTheirs(notice: Notice): Promise<void> {
    if (!notice.theirs) return;
    await this.dialogs.confirm({
      title: notice.theirs.title,
      message: notice.theirs.text,
      confirm: 'Back to my text',
      cancel: 'Close',
    });
  }

  protected readonly saveSummary = (text: string, seen: string | null) =>
    this.update({ summary: text }, { summary: seen });
  protected readonly saveImpact = (text: string, seen: string | null) =>
    this.update({ impact: text }, { impact: seen });

  /** The incident as the server has it now; its automatic timeline entries may have changed too. */
  private adopt(incident: IncidentDto): void {
    this.incident.set(incident);
    void this.reloadTimeline();
  }

  protected readonly notice = signal<Notice | null>(null);
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  /** Says what just happened, for a few seconds, with an Undo when there is one. */
  private notify(text: string, undo?: () => Promise<void>): void {
    clearTimeout(this.noticeTimer);
    this.notice.set({ text, undo, error: '' });
    this.noticeTimer = setTimeout(() => this.notice.set(null), NOTICE_MS);
  }

  protected async undo(notice: Notice): Promise<void> {
    if (!notice.undo) return;
    clearTimeout(this.noticeTimer);
    this.notice.set({ ...notice, undo: undefined, text: 'Undoing…' });
    try {
      await notice.undo();
      if (this.notice()?.text === 'Undoing…') this.notice.set(null);
    } catch (error) {
      this.notice.set({ text: 'Not undone.', error: apiErrorMessage(error) });
    }
  }

  protected dismissNotice(): void {
    clearTimeout(this.noticeTimer);
    this.notice.set(null);
  }

  /**
   * Leaving the page (in the app) with unsaved edits asks first; leaving
   * discards them. An expired session going to the login page keeps them: they
   * come back after logging in.
   */
  async canLeave(): Promise<boolean> {
    if (this.session.redirecting) return true;
    const unsaved = this.guard.unsaved();
    if (unsaved.length === 0) return true;
    const names = [...new Set(unsaved.map((edit) => edit.label()))];
    const leave = await this.dialogs.confirm({
      title: 'Leave without saving?',
      message: `Your changes to ${names.join(', ')} are not saved. If you leave, they are lost.`,
      confirm: 'Leave and lose them',
      cancel: 'Stay',
      danger: true,
    });
    if (leave) this.guard.discardAll();
    return leave;
  }

  /** Closing the tab or reloading with unsaved edits: the browser asks. */
  protected beforeUnload(event: BeforeUnloadEvent): void {
    if (this.guard.unsaved().length === 0) return;
    event.preventDefault();
    event.returnValue = '';
  }

  /** A status update moves the due time and adds a timeline entry: the incident is read again. */
  protected async statusUpdatePosted(): Promise<void> {
    const id = this.incidentId();
    try {
      const incident = await firstValueFrom(this.incidentsApi.get(id));
      if (incident.id === this.incidentId()) this.adopt(incident);
    } catch {
      void this.reloadTimeline(id);
    }
  }

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
