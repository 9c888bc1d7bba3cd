import { unslackify } from '@response/contracts';
import { get as emoji } from 'node-emoji';

/** Slack user id → display name, loaded once per page. */
export type UserNames = ReadonlyMap<string, string>;

export const NO_NAMES: UserNames = new Map();

/**
 * The `*_ui` rendering of stored text: `<@U123>` → `@display_name`,
 * `<#C1|name>` → `#name`, `:fire:` → 🔥.
 */
export function uiText(text: string | null | undefined, names: UserNames): string {
  return unslackify(text, {
    userName: (id) => names.get(id) || undefined,
    emoji: (name) => emoji(name),
  });
}
