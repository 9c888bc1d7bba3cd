import { Injectable } from '@nestjs/common';
import { AppId, escapeMrkdwn, mentionedUserIds } from '@response/contracts';
import { IncidentRolesService } from '../../incidents/incident-roles.service.js';
import { findRole } from '../../incidents/incident-roles.js';
import { UsersService } from '../../users/users.service.js';
import { IncidentCommand } from '../extensions/decorators.js';
import type { CommandContext } from '../extensions/extension-registry.js';
import { mention } from '../headline/headline-blocks.js';

/** Words that clear a role: `role comms none`. */
const NOBODY = /^(none|nobody)$/i;

/** `@incident role <role> [@someone|none]`: roles besides the lead (`INCIDENT_ROLES`). */
@Injectable()
export class RoleCommand {
  constructor(
    private readonly roles: IncidentRolesService,
    private readonly users: UsersService,
  ) {}

  @IncidentCommand(
    ['role'],
    'Gives a role: `role <role> @someone`, `role <role>` to take it yourself, `role <role> none` to clear it; just `role` lists the roles',
  )
  async role(context: CommandContext): Promise<boolean> {
    const [typed = '', ...rest] = context.text.split(/\s+/).filter(Boolean);
    if (!typed) {
      await context.whisper(await this.overview(context.incident.id));
      return true;
    }
    const key = typed.toLowerCase();
    const role = findRole(this.roles.definitions(), key);
    if (!role) {
      const intro =
        key === 'lead'
          ? 'The lead is set with `@incident lead @someone`.'
          : `There is no role \`${escapeMrkdwn(typed)}\`.`;
      await context.whisper(`${intro} ${await this.overview(context.incident.id)}`);
      return false;
    }
    const target = rest.join(' ');
    let userId: number | null = null;
    if (!NOBODY.test(target)) {
      const [mentioned] = mentionedUserIds(target);
      if (target && !mentioned) {
        await context.whisper(
          `Mention who takes it, e.g. \`@incident role ${role.key} @alice\`, or type \`@incident role ${role.key} none\` to clear it.`,
        );
        return false;
      }
      const user = await this.users.resolveRef(
        { external_id: mentioned ?? context.userId, app_id: AppId.Slack },
        'user',
      );
      userId = user!.id;
    }
    const actor = await this.users.resolveRef(
      { external_id: context.userId, app_id: AppId.Slack },
      'user',
    );
    await this.roles.assign(context.incident.id, role.key, userId, actor);
    return true;
  }

  /** The roles, who holds each, and how to give one. */
  private async overview(incidentId: number): Promise<string> {
    const roles = this.roles.definitions();
    if (roles.length === 0)
      return 'This incident has no roles besides the lead (see `INCIDENT_ROLES`).';
    const holders = await this.roles.holders(incidentId);
    const lines = roles.map((role) => {
      const held = holders.find((h) => h.role.key === role.key);
      return `• \`${role.key}\` – ${escapeMrkdwn(role.name)}: ${held ? mention(held.user) : 'nobody yet'}`;
    });
    const example = roles[0].key;
    return [
      'The roles of this incident:',
      ...lines,
      `Give one with \`@incident role ${example} @someone\` (or just \`@incident role ${example}\` to take it), clear it with \`@incident role ${example} none\`.`,
    ].join('\n');
  }
}
