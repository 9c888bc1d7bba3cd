import { z } from 'zod';

/** A person as the API shows them: a Slack user, or the web user of an unlinked account. */
export const userDtoSchema = z.strictObject({
  /** `slack` or `web`. */
  app_id: z.string(),
  external_id: z.string(),
  display_name: z.string(),
  full_name: z.string(),
  email: z.string().nullable(),
  deleted: z.boolean(),
});
