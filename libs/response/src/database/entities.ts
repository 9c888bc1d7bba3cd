import { Action } from '../actions/action.entity.js';
import { Account } from '../auth/account.entity.js';
import { AccountIdentity } from '../auth/oidc/account-identity.entity.js';
import { OidcLogin } from '../auth/oidc/oidc-login.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { Session } from '../auth/session.entity.js';
import { SetupCode } from '../auth/setup-code.entity.js';
import { CommsChannel } from '../incidents/comms-channel.entity.js';
import { ChangeLogEntry } from '../changelog/changelog-entry.entity.js';
import { IncidentHistory } from '../changelog/incident-history.entity.js';
import { ChannelMessage } from '../record/channel-message.entity.js';
import { Incident } from '../incidents/incident.entity.js';
import { IncidentRoleAssignment } from '../incidents/incident-role.entity.js';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';
import { HeadlinePost } from '../comms/headline/headline-post.entity.js';
import { Notification } from '../comms/reminders/notification.entity.js';
import { PinnedMessage } from '../comms/channel-events/pinned-message.entity.js';
import { ProcessedSlackEvent } from '../slack/processed-event.entity.js';
import { SlackDelivery } from '../slack/slack-delivery.entity.js';
import { UserStats } from '../comms/channel-events/user-stats.entity.js';
import { TimelineEntry } from '../timeline/timeline-entry.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity.js';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity.js';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity.js';
import { StatusUpdate } from '../updates/status-update.entity.js';
import { UpdateClock } from '../incidents/update-clock.entity.js';

/** Every entity of the schema; migrations cover exactly these. */
export const ENTITIES = [
  ExternalUser,
  Incident,
  Action,
  TimelineEntry,
  ChangeLogEntry,
  IncidentHistory,
  CommsChannel,
  HeadlinePost,
  PinnedMessage,
  UserStats,
  Notification,
  Account,
  Session,
  LoginThrottle,
  SetupCode,
  OutboxMessage,
  ChannelMessage,
  ProcessedSlackEvent,
  SlackDelivery,
  IncidentRoleAssignment,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  AccountIdentity,
  OidcLogin,
  StatusUpdate,
  UpdateClock,
];
