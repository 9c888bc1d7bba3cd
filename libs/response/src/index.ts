/**
 * `@response/nest`: Slack-first incident response as a NestJS module.
 *
 *   @Module({ imports: [ResponseModule.forRoot()] })
 *   export class AppModule {}
 *
 *   await startResponseApp(await createResponseApp(AppModule));
 *
 * This file is the whole public surface: what is not exported here may change.
 */
export {
  ResponseModule,
  type ResponseModuleOptions,
  type ResponseSetting,
} from './response.module.js';
export {
  createResponseApp,
  startResponseApp,
  BODY_LIMIT,
  type CreateResponseAppOptions,
} from './create-response-app.js';
export { CONFIG, type Config } from './config/config.js';
export { ConfigError } from './config/env.js';

// Extension points: put these on methods of any provider of your app.
export {
  IncidentCommand,
  KeywordHandler,
  HeadlinePostAction,
  RecurringNotification,
  type IncidentCommandMeta,
  type RecurringNotificationMeta,
} from './comms/extensions/decorators.js';
export type {
  IncidentMessageContext,
  CommandContext,
  KeywordContext,
  ReminderContext,
} from './comms/extensions/extension-registry.js';
export {
  SlackEventHandler,
  SlackActionHandler,
  SlackViewHandler,
  SlackSlashCommand,
} from './slack/handlers/decorators.js';
export type {
  SlackMessage,
  SlackEventEnvelope,
  BlockActionContext,
  ViewSubmissionContext,
  ViewResponse,
} from './slack/handlers/handler-registry.js';
export type { SlackEvent, SlashCommandPayload } from './slack/payloads.js';
export type { Block, ButtonElement } from './slack/block-kit.js';
export { SlackClientService } from './slack/slack-client.service.js';

// The domain, for plug-ins that read or change incidents.
export { IncidentsService } from './incidents/incidents.service.js';
export type { CreateIncidentInput, UpdateIncidentInput } from './incidents/incident-input.js';
export type { Incident } from './incidents/incident.entity.js';
export type { FullIncident, IncidentWithChannel } from './incidents/full-incident.js';
export { IncidentRolesService, type RoleHolder } from './incidents/incident-roles.service.js';
export type { IncidentRoleAssignment } from './incidents/incident-role.entity.js';
export type { IncidentRoleDefinition } from './config/roles.config.js';
export { ActionsService } from './actions/actions.service.js';
export type { Action } from './actions/action.entity.js';
export { TimelineService } from './timeline/timeline.service.js';
export { DomainError, NotFoundError, ValidationError } from './common/errors.js';
