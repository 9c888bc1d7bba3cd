import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role, type SlackCheckDto } from '@response/contracts';
import { Roles } from '../../auth/roles.decorator.js';
import { CONFIG, type Config } from '../../config/config.js';
import { checkSlack } from '../../slack/slack-check.js';
import { SlackApiError, SlackClientService } from '../../slack/slack-client.service.js';

/** The Slack connection checklist of `npm run slack:check`, live, for admins. */
@ApiTags('slack')
@Controller('core/slack')
export class SlackSetupController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
  ) {}

  @Get('check')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Whether the Slack connection works, one check per line (admins)' })
  async check(): Promise<SlackCheckDto> {
    const results = await checkSlack(this.config.slack, async (method, args) => {
      try {
        return (await this.slack.call(method, args)) as unknown as Record<string, unknown>;
      } catch (error) {
        if (error instanceof SlackApiError) return { ok: false, error: error.code };
        throw error;
      }
    });
    return { ok: results.every((result) => result.ok), results };
  }
}
