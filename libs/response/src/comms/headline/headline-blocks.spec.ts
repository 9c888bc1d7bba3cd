import { describe, expect, it } from '@jest/globals';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { button } from '../../slack/block-kit.js';
import { headlineBlocks } from './headline-blocks.js';

const user = (externalId: string, appId = 'slack'): ExternalUser =>
  ({
    id: 1,
    appId,
    externalId,
    displayName: externalId.toLowerCase(),
    fullName: '',
    email: null,
    deleted: false,
  }) as ExternalUser;

function incident(overrides: Partial<IncidentWithChannel> = {}): IncidentWithChannel {
  return {
    id: 42,
    report: 'Checkout down',
    reporter: user('U1'),
    lead: null,
    reportOnly: false,
    endTime: null,
    severity: null,
    commsChannel: null,
    ...overrides,
  } as IncidentWithChannel;
}

describe('headline blocks', () => {
  const site = 'https://response.example.com';
  const actionIds = (blocks: ReturnType<typeof headlineBlocks>) =>
    blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as { action_id: string }[]).map((e) => e.action_id));

  it('shows the four buttons for an open incident without a channel', () => {
    expect(actionIds(headlineBlocks(incident(), site))).toEqual([
      'create-comms-channel-button',
      'edit-incident-button',
      'post-status-update-button',
      'close-incident-button',
    ]);
  });

  it('drops the channel and update buttons for report-only incidents, the channel one once a channel exists', () => {
    expect(actionIds(headlineBlocks(incident({ reportOnly: true }), site))).toEqual([
      'edit-incident-button',
      'close-incident-button',
    ]);
    const withChannel = headlineBlocks(
      incident({
        commsChannel: {
          channelId: 'C9',
          channelName: 'inc-42',
        } as IncidentWithChannel['commsChannel'],
      }),
      site,
    );
    expect(actionIds(withChannel)).toEqual([
      'edit-incident-button',
      'post-status-update-button',
      'close-incident-button',
    ]);
    expect(
      (withChannel.find((b) => b.block_id === 'comms_channel')!.text as { text: string }).text,
    ).toContain('<#C9>');
  });

  it('has no buttons once closed', () => {
    expect(actionIds(headlineBlocks(incident({ endTime: new Date() }), site))).toEqual([]);
  });

  it('names web users by name, Slack users by mention, and links the doc', () => {
    const blocks = headlineBlocks(incident({ lead: user('alice', 'web') }), `${site}/`);
    const text = (id: string) =>
      (blocks.find((b) => b.block_id === id)!.text as { text: string }).text;
    expect(text('reporter')).toContain('<@U1>');
    expect(text('lead')).toContain('alice');
    expect(text('incident_doc')).toContain('https://response.example.com/incident/42/');
  });

  it('shows held roles after the lead, one line each, and nothing when none is held', () => {
    const blocks = headlineBlocks(
      incident(),
      site,
      [],
      [
        { role: { name: 'Comms lead' }, user: user('U7') },
        { role: { name: 'R&D <liaison>' }, user: user('bob', 'web') },
      ],
    );
    const ids = blocks.map((b) => b.block_id);
    expect(ids.indexOf('roles')).toBe(ids.indexOf('lead') + 1);
    expect((blocks.find((b) => b.block_id === 'roles')!.text as { text: string }).text).toBe(
      ':busts_in_silhouette: *Comms lead:* <@U7>\n:busts_in_silhouette: *R&amp;D &lt;liaison&gt;:* bob',
    );
    expect(headlineBlocks(incident(), site).some((b) => b.block_id === 'roles')).toBe(false);
  });

  it('stays within 50 blocks with many plug-in buttons', () => {
    const many = Array.from({ length: 40 }, (_, i) => button(`p${i}`, `P${i}`));
    const blocks = headlineBlocks(incident(), site, many);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const elements = blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as unknown[]);
    expect(elements.length).toBeLessThanOrEqual(25);
  });
});
