import { z } from 'zod';

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('How many items to return, 1 to 500.'),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page.'),
});

/** A page of items; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
