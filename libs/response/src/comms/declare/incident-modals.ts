import {
  capitalize,
  escapeMrkdwn,
  Limits,
  SEVERITIES,
  SEVERITY_TEXT,
  type Severity,
} from '@response/contracts';
import { context, input, modal, option, textInput, type Block } from '../../slack/block-kit.js';

export const ModalIds = {
  Report: 'incident-report',
  Edit: 'incident-edit',
} as const;

/** Block ids of the declare and edit modals (each element's action id is its block id). */
export const Field = {
  Report: 'report',
  Kind: 'kind',
  Summary: 'summary',
  Impact: 'impact',
  Lead: 'lead',
  Severity: 'severity',
  Private: 'private',
} as const;

/** Block id of a role's user select in the edit modal: `role:comms`. */
export function roleField(key: string): string {
  return `role:${key}`;
}

/** The value of the declare modal's "Private incident" checkbox. */
export const PRIVATE_CHOICE = 'private';

/** Longest summary or impact the edit modal can show: Slack's limit for a text input. */
export const MODAL_TEXT_MAX = 3000;

const severityOptions = () =>
  SEVERITIES.map((value) => option(capitalize(SEVERITY_TEXT[value]), value));

function severitySelect(initial: Severity | null): Record<string, unknown> {
  const options = severityOptions();
  return {
    type: 'static_select',
    placeholder: { type: 'plain_text', text: 'Select a severity' },
    options,
    ...(initial ? { initial_option: options.find((o) => o.value === initial) } : {}),
  };
}

function leadSelect(
  initialUser: string | null,
  placeholder = 'Who leads the response?',
): Record<string, unknown> {
  return {
    type: 'users_select',
    placeholder: { type: 'plain_text', text: placeholder },
    ...(initialUser ? { initial_user: initialUser } : {}),
  };
}

/** The `/incident` modal. The live/report choice appears only when a report channel is configured. */
export function reportModal(options: {
  text: string;
  /** Sealed private_metadata: where the command was typed and its response_url. */
  metadata: string;
  askLiveOrReport: boolean;
}): Record<string, unknown> {
  const blocks: Block[] = [
    input(
      Field.Report,
      'Report',
      textInput({
        initial: options.text,
        multiline: true,
        maxLength: Limits.reportLength,
        placeholder: 'What is happening?',
      }),
      {
        hint: 'A short description of what is happening',
      },
    ),
  ];
  if (options.askLiveOrReport) {
    const live = {
      text: { type: 'plain_text', text: 'Yes, it is live: we need to respond' },
      value: 'live',
    };
    const report = {
      text: { type: 'plain_text', text: 'No, I am reporting it for the record' },
      value: 'report',
    };
    blocks.push(
      input(Field.Kind, 'Is this a live incident?', {
        type: 'radio_buttons',
        options: [live, report],
        initial_option: live,
      }),
    );
  }
  blocks.push(
    input(
      Field.Summary,
      'Summary',
      textInput({ multiline: true, maxLength: 3000, placeholder: 'What do we know so far?' }),
      { optional: true },
    ),
    input(
      Field.Impact,
      'Impact',
      textInput({ multiline: true, maxLength: 3000, placeholder: 'Who or what is affected?' }),
      { optional: true },
    ),
    input(Field.Lead, 'Lead', leadSelect(null), { optional: true }),
    input(Field.Severity, 'Severity', severitySelect(null), { optional: true }),
    input(
      Field.Private,
      'Visibility',
      {
        type: 'checkboxes',
        options: [
          {
            text: { type: 'plain_text', text: 'Private incident' },
            description: {
              type: 'plain_text',
              text: 'No post in the shared channels; only people in its private channel see it',
            },
            value: PRIVATE_CHOICE,
          },
        ],
      },
      { optional: true },
    ),
  );
  return modal({
    callbackId: ModalIds.Report,
    title: 'Report an incident',
    submit: 'Report',
    privateMetadata: options.metadata,
    blocks,
  });
}

export interface EditModalInput {
  incidentId: number;
  /** Sealed private_metadata: the incident, for the user who clicked Edit. */
  metadata: string;
  /** The incident's page, where what the modal cannot show is edited. */
  docUrl: string;
  report: string;
  summary: string | null;
  impact: string | null;
  /** The lead: a Slack user the select can show, or someone it cannot (a web account). */
  lead: ModalUser;
  severity: Severity | null;
  /** Every configured role (`INCIDENT_ROLES`) and who holds it, shown like the lead. */
  roles?: { key: string; name: string; holder: ModalUser }[];
}

/** Someone a users select can show (a Slack user), someone it cannot (a web account), or nobody. */
export type ModalUser = { slackId: string } | { name: string } | null;

/**
 * The modal of the headline's Edit button, prefilled with the incident. What
 * it cannot show faithfully (a lead who is a web account, a summary or impact
 * longer than a text input takes) is shown read-only with a link to the doc,
 * and the submission leaves it as it is.
 */
export function editModal(incident: EditModalInput): Record<string, unknown> {
  const longText = (field: 'summary' | 'impact', label: string): Block => {
    const text = incident[field];
    if (text && [...text].length > MODAL_TEXT_MAX)
      return context([
        `*${label}* is longer than this form can show (${[...text].length} characters): edit it in the <${incident.docUrl}|incident doc>.`,
      ]);
    return input(
      field,
      label,
      textInput({ initial: text, multiline: true, maxLength: MODAL_TEXT_MAX }),
      {
        optional: true,
      },
    );
  };
  const lead =
    incident.lead && 'name' in incident.lead
      ? context([
          `*Lead:* ${incident.lead.name} (a web account): change the lead in the <${incident.docUrl}|incident doc>.`,
        ])
      : input(Field.Lead, 'Lead', leadSelect(incident.lead?.slackId ?? null), { optional: true });
  const roles = (incident.roles ?? []).map(({ key, name, holder }) =>
    holder && 'name' in holder
      ? context([
          `*${escapeMrkdwn(name)}:* ${escapeMrkdwn(holder.name)} (a web account): change it in the <${incident.docUrl}|incident doc>.`,
        ])
      : input(roleField(key), name, leadSelect(holder?.slackId ?? null, 'Who takes this role?'), {
          optional: true,
        }),
  );
  return modal({
    callbackId: ModalIds.Edit,
    title: `Edit incident ${incident.incidentId}`,
    submit: 'Save',
    privateMetadata: incident.metadata,
    blocks: [
      input(
        Field.Report,
        'Report',
        textInput({ initial: incident.report, multiline: true, maxLength: Limits.reportLength }),
      ),
      longText(Field.Summary, 'Summary'),
      longText(Field.Impact, 'Impact'),
      lead,
      ...roles,
      input(Field.Severity, 'Severity', severitySelect(incident.severity), { optional: true }),
    ],
  });
}
