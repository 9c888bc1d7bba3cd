import { capitalize, Limits, SEVERITIES, SEVERITY_TEXT, type Severity } from '@response/contracts';
import { input, modal, option, textInput, type Block } from '../../slack/block-kit.js';

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
} as const;

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

function leadSelect(initialUser: string | null): Record<string, unknown> {
  return {
    type: 'users_select',
    placeholder: { type: 'plain_text', text: 'Who leads the response?' },
    ...(initialUser ? { initial_user: initialUser } : {}),
  };
}

/** The `/incident` modal. The live/report choice appears only when a report channel is configured. */
export function reportModal(options: {
  text: string;
  channelId: string;
  responseUrl?: string | null;
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
  );
  return modal({
    callbackId: ModalIds.Report,
    title: 'Report an incident',
    submit: 'Report',
    // The command's response_url (valid 30 min) answers the reporter even where the app is not a member.
    privateMetadata: JSON.stringify({
      channel_id: options.channelId,
      ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
    }),
    blocks,
  });
}

export interface EditModalInput {
  incidentId: number;
  report: string;
  summary: string | null;
  impact: string | null;
  leadSlackId: string | null;
  severity: Severity | null;
}

/** The modal of the headline's Edit button, prefilled with the incident. */
export function editModal(incident: EditModalInput): Record<string, unknown> {
  return modal({
    callbackId: ModalIds.Edit,
    title: `Edit incident ${incident.incidentId}`,
    submit: 'Save',
    privateMetadata: String(incident.incidentId),
    blocks: [
      input(
        Field.Report,
        'Report',
        textInput({ initial: incident.report, multiline: true, maxLength: Limits.reportLength }),
      ),
      input(
        Field.Summary,
        'Summary',
        textInput({ initial: incident.summary, multiline: true, maxLength: 3000 }),
        { optional: true },
      ),
      input(
        Field.Impact,
        'Impact',
        textInput({ initial: incident.impact, multiline: true, maxLength: 3000 }),
        { optional: true },
      ),
      input(Field.Lead, 'Lead', leadSelect(incident.leadSlackId), { optional: true }),
      input(Field.Severity, 'Severity', severitySelect(incident.severity), { optional: true }),
    ],
  });
}
