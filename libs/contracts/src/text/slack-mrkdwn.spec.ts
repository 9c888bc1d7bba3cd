import { describe, expect, it } from '@jest/globals';
import {
  dropDirectionOverrides,
  escapeMrkdwn,
  mentionedUserIds,
  parseMention,
  plainToMrkdwn,
  toMrkdwn,
  unslackify,
} from './slack-mrkdwn.js';
import { toStoredText } from './stored-text.js';

describe('unslackify', () => {
  it('names users, channels, special mentions and links', () => {
    const names = new Map([['U1', 'ada']]);
    expect(
      unslackify(
        '<@U1> <@U2|bob> <@U404> in <#C9|inc-7> <!here> <!subteam^S1|@ops> <https://x.io|logs> <https://y.io>',
        {
          userName: (id) => names.get(id),
        },
      ),
    ).toBe('@ada @bob @U404 in #inc-7 @here @ops [logs](https://x.io) https://y.io');
  });

  it('shows emoji only from the table the caller gives', () => {
    const emoji = (name: string) => (name === 'fire' ? '🔥' : undefined);
    expect(unslackify(':fire: :nope:', { emoji })).toBe('🔥 :nope:');
    expect(unslackify(':fire:')).toBe(':fire:');
  });

  it('gives an empty string for no text', () => {
    expect(unslackify(null)).toBe('');
    expect(unslackify(undefined)).toBe('');
  });
});

describe('mentionedUserIds', () => {
  it('lists user ids once, in order', () => {
    expect(mentionedUserIds('<@U0B|bob> and <@U0A> and <@U0B>')).toEqual(['U0B', 'U0A']);
    expect(mentionedUserIds('<@W0ENTERPRISE> <@U1>')).toEqual(['W0ENTERPRISE', 'U1']);
  });

  it('ignores channels, special mentions and what is not a Slack user id', () => {
    expect(mentionedUserIds('no one, <#C123|general>, <!here>')).toEqual([]);
    expect(mentionedUserIds('<@u1> <@B0BOT> @U1')).toEqual([]);
    expect(mentionedUserIds(null)).toEqual([]);
  });
});

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

describe('escapeMrkdwn', () => {
  it("escapes Slack's three control characters and nothing else", () => {
    expect(escapeMrkdwn(`a < b & c > d "q" 'a'`)).toBe(`a &lt; b &amp; c &gt; d "q" 'a'`);
  });
});

describe('toMrkdwn', () => {
  it('escapes stray mrkdwn control characters but keeps mentions, links and entities', () => {
    expect(toMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(toMrkdwn('ping <@U123> in <#C1|ops> see <https://x.test|docs>')).toBe(
      'ping <@U123> in <#C1|ops> see <https://x.test|docs>',
    );
    expect(toMrkdwn(null)).toBe('');
    expect(toMrkdwn('already &lt;b&gt; escaped')).toBe('already &lt;b&gt; escaped');
  });

  it('escapes stored (already escaped) text exactly once', () => {
    expect(toMrkdwn('Card &amp; payments &lt;failing&gt;')).toBe(
      'Card &amp; payments &lt;failing&gt;',
    );
    expect(toMrkdwn('typed &amp;amp; literally')).toBe('typed &amp;amp; literally');
    expect(toMrkdwn('say &quot;hi&quot; &#39;x&#39;')).toBe('say "hi" \'x\'');
  });
});

describe('toMrkdwn and Slack mark-up typed outside Slack', () => {
  const typed =
    '<!channel> <!here> <!everyone> <!subteam^S1|@ops> <@U123> <https://evil.example|docs>';

  it('shows it literally, as it was stored escaped', () => {
    expect(toMrkdwn(toStoredText(typed))).toBe(escapeMrkdwn(typed));
  });

  it('shows every token literally when the text is never Slack mark-up (the report)', () => {
    expect(toMrkdwn(typed, { slackMarkup: false })).toBe(escapeMrkdwn(typed));
  });

  it('turns channel-wide mentions of Slack text into names that notify nobody', () => {
    expect(toMrkdwn('<!channel> <!here> <!subteam^S1|@ops &amp; sre> <@U1>')).toBe(
      '@channel @here @ops &amp; sre <@U1>',
    );
  });

  it('drops direction overrides, in text and in Slack tokens', () => {
    expect(toMrkdwn('invoice\u202Efdp.exe \u2066x\u2069 <https://a.io|b\u202Ec>')).toBe(
      'invoicefdp.exe x <https://a.io|bc>',
    );
    expect(plainToMrkdwn('a\u202Db <!here>')).toBe('ab &lt;!here&gt;');
    expect(dropDirectionOverrides('\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069')).toBe(
      '',
    );
  });
});
