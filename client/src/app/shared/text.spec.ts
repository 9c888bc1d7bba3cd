import type { UserDto } from '@response/contracts';
import { readableText, userNames } from './text';

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
