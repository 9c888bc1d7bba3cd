import { z } from 'zod';

/**
 * The `{count, next, previous, results}` envelope of every list: limit/offset
 * lists, and the page-number list of users. `next` and `previous` are absolute URLs.
 */
export function paginatedSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({
    count: z.number().int().nonnegative(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

const intParam = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );

/**
 * `?page=` of the page-number list (users): a bad page is a 400 naming it. The
 * page size is read leniently, as Response's API did, so it has no schema.
 */
export const pageNumberQuery = z.object({
  page: intParam('page', 1, 1_000_000).optional(),
});
