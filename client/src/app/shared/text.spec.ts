import type { UserDto } from '@response/contracts';
import { decodeEntities, readableText, userNames } from './text';

describe('decodeEntities', () => {
  it('decodes the entities the server writes, named and numeric', () => {
    expect(
      decodeEntities(
        'R&amp;D &lt;img src=x onerror=alert(1)&gt; &quot;a&quot; &#39;b&#x27; a&#x2F;b &#8212; &#X41;',
      ),
    ).toBe(`R&D <img src=x onerror=alert(1)> "a" 'b' a/b — A`);
  });

  it('decodes once only, and leaves unknown or invalid entities as they are', () => {
    expect(decodeEntities('&amp;lt; &bogus; &#0; &#xD800; &#99999999; & alone')).toBe(
      '&lt; &bogus; &#0; &#xD800; &#99999999; & alone',
    );
    expect(decodeEntities(null)).toBe('');
    expect(decodeEntities(undefined)).toBe('');
  });
});

describe('readableText', () => {
  const ada = {
    app_id: 'slack',
    external_id: 'U1',
    display_name: 'ada',
    full_name: 'Ada',
    email: null,
    deleted: false,
  } as UserDto;

  it('names users, shows emoji and link labels, then decodes entities', () => {
    expect(
      readableText('<@U1> says R&amp;D is down :fire: <https://x.io|logs> <@U9>', userNames([ada])),
    ).toBe('@ada says R&D is down 🔥 logs @U9');
  });
});
