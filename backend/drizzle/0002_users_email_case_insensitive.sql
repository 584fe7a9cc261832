ALTER TABLE "users" DROP CONSTRAINT "users_workspace_email_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "users_workspace_email_unique" ON "users" USING btree ("workspace_id",lower("email"));