import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { SlashCommandPayload } from '../payloads.js';
import {
  SlackActionHandler,
  SlackEventHandler,
  SlackSlashCommand,
  SlackViewHandler,
} from './decorators.js';
import { HandlerRegistry } from './handler-registry.js';

@Injectable()
class Handlers {
  @SlackEventHandler('pin_added')
  async pinned(): Promise<void> {}

  @SlackActionHandler('page-oncall')
  async page(): Promise<void> {}

  @SlackViewHandler('page-modal')
  async submit(): Promise<void> {}

  @SlackSlashCommand()
  async anyCommand(payload: SlashCommandPayload): Promise<string> {
    return `any ${payload.command}`;
  }

  @SlackSlashCommand('/OnCall')
  async onCall(): Promise<string> {
    return 'on call';
  }
}

@Injectable()
class ClashingAction {
  @SlackActionHandler('page-oncall')
  async other(): Promise<void> {}
}

async function registryWith(...providers: (new () => object)[]): Promise<HandlerRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [HandlerRegistry, ...providers],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(HandlerRegistry);
}

describe('HandlerRegistry', () => {
  it('finds event handlers, actions, modals and slash commands', async () => {
    const registry = await registryWith(Handlers);
    expect(registry.eventHandlers('pin_added').map((h) => h.id)).toEqual(['Handlers.pinned']);
    expect(registry.eventHandler('Handlers.pinned')).toBeDefined();
    expect(registry.eventHandlers('message')).toEqual([]);
    expect(registry.actionHandler('page-oncall')).toBeDefined();
    expect(registry.viewHandler('page-modal')).toBeDefined();
    const payload = (command: string) => ({ command }) as SlashCommandPayload;
    await expect(registry.slashCommand('/oncall')!(payload('/oncall'))).resolves.toBe('on call');
    await expect(registry.slashCommand('/incident')!(payload('/incident'))).resolves.toBe(
      'any /incident',
    );
  });

  it('refuses to start when two handlers claim one action', async () => {
    await expect(registryWith(Handlers, ClashingAction)).rejects.toThrow(
      /Two handlers claim the Slack action "page-oncall"/,
    );
  });
});
