import { AppId } from '@response/contracts';
import type { ExternalUser } from '../../users/external-user.entity.js';

/** A Slack user who can be invited or messaged: not deleted, with a Slack id. */
export function isSlackUser(user: ExternalUser | null | undefined): user is ExternalUser {
  return Boolean(user && user.appId === AppId.Slack && !user.deleted && user.externalId);
}
