/**
 * Wire shapes of the `/core` REST API, derived from the zod schemas in
 * `schemas/`. Field names follow Response's API (snake_case) so that existing
 * clients keep working. Requests come in two forms: `…Request` is what a client
 * sends (`z.input`), `…Body` what the server holds once it has parsed
 * it (`z.output`). Responses are what the server sends (`z.output`).
 *
 * Only types are taken from the schemas here, so code that needs the types alone
 * (the web app) does not load zod.
 */
import type { z } from 'zod';
import type {
  actionDtoSchema,
  createActionSchema,
  createTopLevelActionSchema,
  patchActionSchema,
} from './schemas/actions.js';
import type {
  accountDtoSchema,
  createAccountSchema,
  patchAccountSchema,
  setupSchema,
  setupStatusDtoSchema,
} from './schemas/accounts.js';
import type { loginSchema, meDtoSchema } from './schemas/auth.js';
import type { changeLogEntryDtoSchema } from './schemas/changelog.js';
import type { authMethodsDtoSchema } from './schemas/oidc.js';
import type { userRef } from './schemas/fields.js';
import type {
  commsChannelDtoSchema,
  createIncidentSchema,
  incidentDtoSchema,
  participantDtoSchema,
  patchIncidentSchema,
} from './schemas/incidents.js';
import type {
  insightIncidentSchema,
  insightsDtoSchema,
  insightSpanSchema,
} from './schemas/insights.js';
import type { paginatedSchema } from './schemas/pagination.js';
import type { incidentRoleDtoSchema, setIncidentRoleSchema } from './schemas/roles.js';
import type { channelMessageDtoSchema, messageFileDtoSchema } from './schemas/messages.js';
import type { apiErrorSchema, healthDtoSchema, slackCheckDtoSchema } from './schemas/system.js';
import type {
  createTimelineEntrySchema,
  patchTimelineEntrySchema,
  timelineEntryDtoSchema,
} from './schemas/timeline.js';
import type { createStatusUpdateSchema, statusUpdateDtoSchema } from './schemas/updates.js';
import type { userDtoSchema } from './schemas/users.js';
import type {
  createWebhookSchema,
  patchWebhookSchema,
  webhookAttemptDtoSchema,
  webhookCreatedDtoSchema,
  webhookDeliveryDtoSchema,
  webhookDtoSchema,
} from './schemas/webhooks.js';

// Responses.

/** A person: a Slack user, or the web user of an account with no linked Slack user. */
export type UserDto = z.output<typeof userDtoSchema>;
/** The Slack channel of an incident. */
export type CommsChannelDto = z.output<typeof commsChannelDtoSchema>;
/** A follow-up action of an incident. */
export type ActionDto = z.output<typeof actionDtoSchema>;
/** An incident with its actions. */
export type IncidentDto = z.output<typeof incidentDtoSchema>;
/** A role of an incident besides the lead, and who holds it. */
export type IncidentRoleDto = z.output<typeof incidentRoleDtoSchema>;
/** An entry of an incident's timeline. */
export type TimelineEntryDto = z.output<typeof timelineEntryDtoSchema>;
/** An entry of the change log (`/core/events`). */
export type ChangeLogEntryDto = z.output<typeof changeLogEntryDtoSchema>;
/** Someone active in an incident's channel. */
export type ParticipantDto = z.output<typeof participantDtoSchema>;
/** The `{count, next, previous, results}` envelope of every list. */
export type Paginated<T> = z.output<ReturnType<typeof paginatedSchema<z.ZodType<T>>>>;
/** Who is calling (`/core/auth/me`, and the answer to a login). */
export type MeDto = z.output<typeof meDtoSchema>;
/** An account as admins see it (`/core/accounts`). */
export type AccountDto = z.output<typeof accountDtoSchema>;
/** `GET /core/setup`: whether the first account is still to be made. */
export type SetupStatusDto = z.output<typeof setupStatusDtoSchema>;
/** Every error body: a message, and for validation errors a field → message map. */
export type ApiErrorDto = z.output<typeof apiErrorSchema>;
/** `GET /healthz`. */
export type HealthDto = z.output<typeof healthDtoSchema>;
export type SlackCheckDto = z.output<typeof slackCheckDtoSchema>;
/** `GET /core/auth/methods`: password login, and sign-in with a provider. */
export type AuthMethodsDto = z.output<typeof authMethodsDtoSchema>;
/** A webhook endpoint (admins). */
export type WebhookDto = z.output<typeof webhookDtoSchema>;
/** The answer to creating a webhook endpoint, with its secret. */
export type WebhookCreatedDto = z.output<typeof webhookCreatedDtoSchema>;
export type WebhookAttemptDto = z.output<typeof webhookAttemptDtoSchema>;
export type WebhookDeliveryDto = z.output<typeof webhookDeliveryDtoSchema>;
/** `GET /core/insights`. */
export type InsightsDto = z.output<typeof insightsDtoSchema>;
/** A time span of the insights, per month and overall. */
export type InsightSpanDto = z.output<typeof insightSpanSchema>;
/** One row of `GET /core/insights/incidents`. */
export type InsightIncidentDto = z.output<typeof insightIncidentSchema>;

// Requests as a client sends them.

/** Anywhere a request names a user, a full UserDto or just `{external_id}` is accepted. */
export type UserRef = z.input<typeof userRef>;
/** `POST /core/incidents`. */
export type CreateIncidentRequest = z.input<typeof createIncidentSchema>;
/** `PATCH /core/incidents/:id`. */
export type UpdateIncidentRequest = z.input<typeof patchIncidentSchema>;
/** `PUT /core/incidents/:id/roles/:role`. */
export type SetIncidentRoleRequest = z.input<typeof setIncidentRoleSchema>;
/** `POST /core/incidents/:id/actions`. */
export type CreateActionRequest = z.input<typeof createActionSchema>;
/** `PATCH` of an action. */
export type UpdateActionRequest = z.input<typeof patchActionSchema>;
/** `POST /core/incidents/:id/timeline/events`. */
export type CreateTimelineEventRequest = z.input<typeof createTimelineEntrySchema>;
/** `PATCH` of a timeline entry. */
export type UpdateTimelineEventRequest = z.input<typeof patchTimelineEntrySchema>;
/** `POST /core/webhooks`. */
export type CreateWebhookRequest = z.input<typeof createWebhookSchema>;
/** `PATCH /core/webhooks/:id`. */
export type UpdateWebhookRequest = z.input<typeof patchWebhookSchema>;
/** `POST /core/auth/login`. */
export type LoginRequest = z.input<typeof loginSchema>;
/** `POST /core/accounts`. */
export type CreateAccountRequest = z.input<typeof createAccountSchema>;
/** `PATCH /core/accounts/:id`. */
export type UpdateAccountRequest = z.input<typeof patchAccountSchema>;
/** `POST /core/setup`. */
export type SetupRequest = z.input<typeof setupSchema>;

// Requests as the server holds them once parsed: dates are Dates, codes are checked.

/** A user named in a request, trimmed. */
export type UserRefBody = z.output<typeof userRef>;
/** `POST /core/incidents`. */
export type CreateIncidentBody = z.output<typeof createIncidentSchema>;
/** PATCH and PUT of an incident (PUT only makes `report` required). */
export type PatchIncidentBody = z.output<typeof patchIncidentSchema>;
/** `PUT /core/incidents/:id/roles/:role`. */
export type SetIncidentRoleBody = z.output<typeof setIncidentRoleSchema>;
/** `POST /core/incidents/:id/actions`. */
export type CreateActionBody = z.output<typeof createActionSchema>;
/** `POST /core/actions`: an action and the id of its incident. */
export type CreateTopLevelActionBody = z.output<typeof createTopLevelActionSchema>;
/** PATCH and PUT of an action (PUT only makes `details` required). */
export type PatchActionBody = z.output<typeof patchActionSchema>;
/** `POST /core/incidents/:id/timeline/events`. */
export type CreateTimelineEntryBody = z.output<typeof createTimelineEntrySchema>;
/** PATCH and PUT of a timeline entry (PUT requires `timestamp` and `text`). */
export type PatchTimelineEntryBody = z.output<typeof patchTimelineEntrySchema>;
/** `POST /core/webhooks`. */
export type CreateWebhookBody = z.output<typeof createWebhookSchema>;
/** `PATCH /core/webhooks/:id`. */
export type PatchWebhookBody = z.output<typeof patchWebhookSchema>;
/** `POST /core/auth/login`. */
export type LoginBody = z.output<typeof loginSchema>;
/** `POST /core/accounts`. */
export type CreateAccountBody = z.output<typeof createAccountSchema>;
/** `PATCH /core/accounts/:id`. */
export type PatchAccountBody = z.output<typeof patchAccountSchema>;
/** `POST /core/setup`. */
export type SetupBody = z.output<typeof setupSchema>;

/** Header carrying the CSRF token for cookie sessions. */
export const CSRF_HEADER = 'x-csrf-token';
/** Name of the session cookie. */
export const SESSION_COOKIE = 'response_session';

export type ChannelMessageDto = z.output<typeof channelMessageDtoSchema>;
export type MessageFileDto = z.output<typeof messageFileDtoSchema>;

/** A status update for stakeholders (`/core/incidents/:id/updates`). */
export type StatusUpdateDto = z.output<typeof statusUpdateDtoSchema>;
/** `POST /core/incidents/:id/updates` as a client sends it. */
export type CreateStatusUpdateRequest = z.input<typeof createStatusUpdateSchema>;
/** `POST /core/incidents/:id/updates` once parsed. */
export type CreateStatusUpdateBody = z.output<typeof createStatusUpdateSchema>;
