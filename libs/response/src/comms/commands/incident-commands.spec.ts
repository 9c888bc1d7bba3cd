import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ActionsService } from '../../actions/actions.service.js';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { IncidentsService } from '../../incidents/incidents.service.js';
import { UsersService } from '../../users/users.service.js';
import type { SlackMessage } from '../../slack/handlers/handler-registry.js';
import { IncidentCommand } from '../extensions/decorators.js';
import { ExtensionRegistry, type CommandContext } from '../extensions/extension-registry.js';
import { FieldPrompts } from './field-prompts.js';
import { IncidentCommands } from './incident-commands.js';

/** A command a plug-in adds. */
@Injectable()
class StatusPageCommand {
  @IncidentCommand(['statuspage', 'sp'], 'Posts an update to the public status page')
  async post(): Promise<boolean> {
    return true;
  }
}

function contextCollecting(out: SlackMessage[]): CommandContext {
  const noop = async () => undefined;
  return {
    incident: { id: 1 } as IncidentWithChannel,
    channelId: 'C1',
    userId: 'U1',
    ts: '1.0',
    command: 'help',
    text: '',
    say: async (message) => {
      out.push(message);
    },
    whisper: noop,
    react: noop,
    unreact: noop,
  };
}

describe('IncidentCommands', () => {
  it('help lists built-in and plug-in commands with their aliases and help text', async () => {
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        ExtensionRegistry,
        IncidentCommands,
        StatusPageCommand,
        ...[IncidentsService, ActionsService, UsersService, CommsChannelService, FieldPrompts].map(
          (token) => ({ provide: token, useValue: {} }),
        ),
      ],
    }).compile();
    await module.init();
    const registry = module.get(ExtensionRegistry);
    expect(registry.command('SEV')?.names).toEqual(['severity', 'sev']);
    expect(registry.command('sp')?.names).toEqual(['statuspage', 'sp']);

    const said: SlackMessage[] = [];
    await expect(module.get(IncidentCommands).help(contextCollecting(said))).resolves.toBe(true);
    const text = String(said[0]);
    expect(text).toContain('• `statuspage` (or `sp`) – Posts an update to the public status page');
    expect(text).toContain('• `severity` (or `sev`) – Sets the severity');
    for (const name of [
      'help',
      'lead',
      'summary',
      'impact',
      'rename',
      'duration',
      'close',
      'action',
    ]) {
      expect(text).toContain(`• \`${name}\``);
    }
    await module.close();
  });

  it('two providers claiming one command stop startup', async () => {
    @Injectable()
    class Duplicate {
      @IncidentCommand(['sev'], 'Another severity')
      async sev(): Promise<boolean> {
        return true;
      }
    }
    const module = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        ExtensionRegistry,
        IncidentCommands,
        Duplicate,
        ...[IncidentsService, ActionsService, UsersService, CommsChannelService, FieldPrompts].map(
          (token) => ({ provide: token, useValue: {} }),
        ),
      ],
    }).compile();
    await expect(module.init()).rejects.toThrow(/Two handlers claim the incident command "sev"/);
  });
});
