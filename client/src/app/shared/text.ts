import { decodeEntities, unslackify, type UserDto } from '@response/contracts';
import { emoji } from './emoji';

/** Slack id → name, for {@link readableText}. */
export function userNames(users: readonly UserDto[]): Map<string, string> {
  return new Map(users.map((u) => [u.external_id, u.display_name || u.full_name || u.external_id]));
}

/**
 * Stored text as plain, readable text: Slack mark-up resolved (`<@U1>` → `@ada`,
 * `:fire:` → 🔥, `<https://x|logs>` → `logs`) and HTML entities decoded.
 */
export function readableText(
  text: string | null | undefined,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const links = (text ?? '').replace(
    /<((?:https?|mailto):[^|>\s]+)\|([^>]*)>/g,
    (_whole, _url: string, label: string) => label,
  );
  return decodeEntities(unslackify(links, { userName: (id) => names.get(id), emoji }));
}
