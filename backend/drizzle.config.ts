import { defineConfig } from 'drizzle-kit';

// Only `npm run db:generate` reads this: it diffs the schema against the committed migrations and
// writes the next SQL file. Applying migrations happens in the server itself (src/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './backend/src/db/schema/index.ts',
  out: './backend/drizzle',
  casing: 'snake_case',
});
