import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { IncidentCommand, KeywordHandler, RecurringNotification } from './decorators.js';
import { ExtensionRegistry } from './extension-registry.js';

@Injectable()
class HelpCommands {
  @IncidentCommand(['help', 'h'], 'Lists the commands')
  async help(): Promise<void> {}

  @KeywordHandler(['deploy', 'rollback'])
  async deploys(): Promise<void> {}

  @RecurringNotification({ key: 'no-lead', intervalMins: 2, maxNotifications: 5 })
  noLead(): boolean {
    return true;
  }
}

@Injectable()
class ClashingCommands {
  @IncidentCommand(['H'], 'Also claims h')
  async other(): Promise<void> {}
}

async function registryWith(...providers: (new () => object)[]): Promise<ExtensionRegistry> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [ExtensionRegistry, ...providers],
  }).compile();
  await moduleRef.init();
  return moduleRef.get(ExtensionRegistry);
}

describe('ExtensionRegistry', () => {
  it('finds commands by name and alias, keywords and notifications', async () => {
    const registry = await registryWith(HelpCommands);
    expect(registry.command('HELP')?.help).toBe('Lists the commands');
    expect(registry.command('h')).toBe(registry.command('help'));
    expect(registry.commands()).toHaveLength(1);
    expect(registry.keywordHandlers('Starting the Rollback now').map((m) => m.keyword)).toEqual([
      'rollback',
    ]);
    expect(registry.keywordHandlers('redeployment planned')).toEqual([]);
    expect(registry.notifications().map((n) => n.key)).toEqual(['no-lead']);
  });

  it('refuses to start when two handlers claim one command', async () => {
    await expect(registryWith(HelpCommands, ClashingCommands)).rejects.toThrow(
      /Two handlers claim the incident command "H"/,
    );
  });
});
