import { Action } from '../actions/action.entity.js';
import { Account } from '../auth/account.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { Session } from '../auth/session.entity.js';
import { CommsChannel } from '../comms/comms-channel.entity.js';
import { Event } from '../events/event.entity.js';
import { Incident } from '../incidents/incident.entity.js';
import { OutboxMessage } from '../outbox/outbox-message.entity.js';
import { HeadlinePost } from '../slack/headline-post.entity.js';
import { Notification } from '../slack/notification.entity.js';
import { PinnedMessage } from '../slack/pinned-message.entity.js';
import { ProcessedSlackEvent } from '../slack/processed-event.entity.js';
import { SlackDelivery } from '../slack/slack-delivery.entity.js';
import { UserStats } from '../slack/user-stats.entity.js';
import { TimelineEvent } from '../timeline/timeline-event.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';

/** Every entity of the schema; migrations cover exactly these. */
export const ENTITIES = [
  ExternalUser,
  Incident,
  Action,
  TimelineEvent,
  Event,
  CommsChannel,
  HeadlinePost,
  PinnedMessage,
  UserStats,
  Notification,
  Account,
  Session,
  LoginThrottle,
  OutboxMessage,
  ProcessedSlackEvent,
  SlackDelivery,
];
