import { InitialSchema1795862670069 } from './1795862670069-InitialSchema.js';
import { LoginThrottle1795863020989 } from './1795863020989-LoginThrottle.js';
import { SlackDelivery1795863100000 } from './1795863100000-SlackDelivery.js';
import { WidenIncidentReport1795866615788 } from './1795866615788-WidenIncidentReport.js';
import { PinSources1795867200504 } from './1795867200504-PinSources.js';
import { OutboxCompletion1795900000000 } from './1795900000000-OutboxCompletion.js';
import { ChannelRecord1795900100000 } from './1795900100000-ChannelRecord.js';
import { EntityVersions1795900200000 } from './1795900200000-EntityVersions.js';
import { IncidentHistory1795900500000 } from './1795900500000-IncidentHistory.js';
import { IncidentRoles1795900900000 } from './1795900900000-IncidentRoles.js';
import { AccountsAndSetup1795900400000 } from './1795900400000-AccountsAndSetup.js';
import { Webhooks1795900600000 } from './1795900600000-Webhooks.js';
import { Oidc1795900600001 } from './1795900600001-Oidc.js';
import { StatusUpdates1795900800000 } from './1795900800000-StatusUpdates.js';
import { ChannelMessageSearchIndex1795900700000 } from './1795900700000-ChannelMessageSearchIndex.js';

/** Every migration, oldest first. Imported explicitly so bundling and ESM need no glob. */
export const MIGRATIONS = [
  InitialSchema1795862670069,
  LoginThrottle1795863020989,
  SlackDelivery1795863100000,
  WidenIncidentReport1795866615788,
  PinSources1795867200504,
  OutboxCompletion1795900000000,
  ChannelRecord1795900100000,
  EntityVersions1795900200000,
  IncidentHistory1795900500000,
  IncidentRoles1795900900000,
  AccountsAndSetup1795900400000,
  Webhooks1795900600000,
  Oidc1795900600001,
  StatusUpdates1795900800000,
  ChannelMessageSearchIndex1795900700000,
];
