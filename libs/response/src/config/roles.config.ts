import { ConfigError, optionalString, type Env } from './env.js';

/** A role of an incident besides its lead, from `INCIDENT_ROLES`. */
export interface IncidentRoleDefinition {
  /** How commands and the API name it: `comms`. */
  key: string;
  /** How people call it: `Comms lead`. */
  name: string;
}

export const DEFAULT_INCIDENT_ROLES = 'comms=Comms lead,scribe=Scribe';

const KEY = /^[a-z][a-z0-9_-]*$/;
/** Longest key (a database column holds it) and name. */
const KEY_MAX = 30;
const NAME_MAX = 50;
/** Each role takes a field of the edit form and a line of the headline post. */
const ROLES_MAX = 20;

/**
 * `INCIDENT_ROLES`: `key=Name` pairs separated by commas, e.g.
 * `comms=Comms lead,scribe=Scribe,ops=Operations lead`, in the order they are
 * shown; `none` for no roles besides the lead. Keys are lower-case (`[a-z][a-z0-9_-]*`),
 * names are not empty, and `lead` is the incident lead's own.
 */
export function incidentRolesConfig(env: Env): IncidentRoleDefinition[] {
  const raw = optionalString.parse(env.INCIDENT_ROLES) ?? DEFAULT_INCIDENT_ROLES;
  if (raw === 'none') return [];
  const problems: string[] = [];
  const roles: IncidentRoleDefinition[] = [];
  const problem = (text: string) => problems.push(`INCIDENT_ROLES: ${text}`);
  raw.split(',').forEach((entry, index) => {
    const text = entry.trim();
    const equals = text.indexOf('=');
    if (equals < 0) {
      problem(
        text
          ? `"${text}" must be key=Name, e.g. comms=Comms lead`
          : `entry ${index + 1} is empty (separate key=Name pairs with single commas)`,
      );
      return;
    }
    const key = text.slice(0, equals).trim();
    const name = text.slice(equals + 1).trim();
    if (!KEY.test(key) || key.length > KEY_MAX) {
      problem(
        `the key "${key}" must start with a lower-case letter and hold only lower-case letters, digits, - or _ (at most ${KEY_MAX} characters)`,
      );
    } else if (key === 'lead') {
      problem('the key "lead" is the incident lead\'s own: choose another key');
    } else if (roles.some((role) => role.key === key)) {
      problem(`the key "${key}" is given twice`);
    } else if (!name) {
      problem(`the role "${key}" needs a name, e.g. ${key}=${capitalized(key)}`);
    } else if ([...name].length > NAME_MAX) {
      problem(`the name of "${key}" must be at most ${NAME_MAX} characters`);
    } else {
      roles.push({ key, name });
    }
  });
  if (problems.length === 0 && roles.length > ROLES_MAX)
    problem(`at most ${ROLES_MAX} roles (there are ${roles.length})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return roles;
}

function capitalized(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1).replace(/[-_]/g, ' ');
}
