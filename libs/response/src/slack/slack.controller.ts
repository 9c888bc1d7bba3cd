import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import type { ViewResponse } from './handlers/handler-registry.js';
import { parseEventEnvelope, parseInteraction, parseSlashCommand } from './payloads.js';
import { SignatureGuard } from './signature.guard.js';
import { SlackBody } from './slack-body.js';
import { SlackEventsService } from './slack-events.service.js';
import { SlackInteractionsService } from './slack-interactions.service.js';

/** The three URLs Slack calls (Response's paths). Every request is signature-checked before its body is parsed. */
@Controller('slack')
@UseGuards(SignatureGuard)
export class SlackController {
  constructor(
    private readonly interactions: SlackInteractionsService,
    private readonly events: SlackEventsService,
  ) {}

  @Post('slash_command')
  @HttpCode(200)
  slashCommand(@SlackBody() body: unknown): Promise<string | undefined> {
    return this.interactions.slashCommand(parseSlashCommand(body));
  }

  @Post('action')
  @HttpCode(200)
  action(@SlackBody() body: unknown): Promise<ViewResponse> {
    return this.interactions.interaction(parseInteraction(body));
  }

  @Post('event')
  @HttpCode(200)
  event(@SlackBody() body: unknown): Promise<{ challenge: string } | undefined> {
    return this.events.receive(parseEventEnvelope(body));
  }
}
