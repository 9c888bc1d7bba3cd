import { describe, expect, it } from '@jest/globals';
import { mentionedUsers, parseMention } from './mention.js';

describe('parseMention', () => {
  it("reads the command after the app's own mention, not someone else's before it", () => {
    expect(parseMention('cc <@U0ALICE01> <@UBOT0001> severity major', 'UBOT0001')).toEqual({
      command: 'severity',
      text: 'major',
    });
    expect(
      parseMention('<@U0ALICE01|alice> <@UBOT0001|incident> lead <@U0ALICE01>', 'UBOT0001'),
    ).toEqual({
      command: 'lead',
      text: '<@U0ALICE01>',
    });
  });

  it('reads the command and its text after the mention', () => {
    expect(parseMention('<@UBOT0001> severity critical')).toEqual({
      command: 'severity',
      text: 'critical',
    });
    expect(parseMention('<@UBOT0001|incident>   Summary   Cards are failing  ')).toEqual({
      command: 'summary',
      text: 'Cards are failing',
    });
  });

  it('keeps the text as typed, line breaks included', () => {
    expect(parseMention('<@UBOT0001> impact line one\nline two')).toEqual({
      command: 'impact',
      text: 'line one\nline two',
    });
  });

  it('gives an empty command when only the app is mentioned', () => {
    expect(parseMention('<@UBOT0001>')).toEqual({ command: '', text: '' });
    expect(parseMention('<@UBOT0001>   ')).toEqual({ command: '', text: '' });
  });

  it('ignores what comes before the mention and keeps later mentions in the text', () => {
    expect(parseMention('hey <@UBOT0001> lead <@U0ALICE>')).toEqual({
      command: 'lead',
      text: '<@U0ALICE>',
    });
  });

  it('reads text without a mention as is', () => {
    expect(parseMention('help')).toEqual({ command: 'help', text: '' });
  });
});

describe('mentionedUsers', () => {
  it('lists user ids once, in order', () => {
    expect(mentionedUsers('<@U0B|bob> and <@U0A> and <@U0B>')).toEqual(['U0B', 'U0A']);
    expect(mentionedUsers('no one, <#C123|general>, <!here>')).toEqual([]);
  });
});
