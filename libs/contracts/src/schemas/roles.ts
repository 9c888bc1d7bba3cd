import { z } from 'zod';
import { body, userRef } from './fields.js';
import { userDtoSchema } from './users.js';

/** A role of an incident besides the lead (`INCIDENT_ROLES`), and who holds it. */
export const incidentRoleDtoSchema = z.strictObject({
  /** The role's key, e.g. `comms`. */
  role: z.string(),
  /** What people call it, e.g. `Comms lead`. */
  name: z.string(),
  /** Who holds it; null while nobody does. */
  user: userDtoSchema.nullable(),
});

/** `PUT /core/incidents/:id/roles/:role`: who takes the role (`null` gives it up, like `DELETE`). */
export const setIncidentRoleSchema = body({
  user: userRef.nullable(),
});
