CREATE TABLE "prediction_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"shadow" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"caller_user_id" uuid,
	"caller_api_key_id" uuid,
	"request_id" text,
	"crm_object" text,
	"record_id" text,
	"inputs" jsonb NOT NULL,
	"probability" double precision,
	"score" integer,
	"grade" text,
	"reasons" jsonb,
	"problem" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promotion_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"alias" text NOT NULL,
	"version_id" uuid NOT NULL,
	"from_version_id" uuid,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"policy" jsonb NOT NULL,
	"requested_by_user_id" uuid,
	"decided_by_user_id" uuid,
	"decision_comment" text,
	"override_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "record_scores" (
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"crm_object" text NOT NULL,
	"record_id" text NOT NULL,
	"version_id" uuid NOT NULL,
	"probability" double precision NOT NULL,
	"score" integer NOT NULL,
	"grade" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	"previous_score" integer,
	"previous_scored_at" timestamp with time zone,
	"written_score" integer,
	"written_grade" text,
	"written_version_id" uuid,
	"written_at" timestamp with time zone,
	"write_status" text DEFAULT 'pending' NOT NULL,
	"write_error" text,
	"write_attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "record_scores_workspace_id_model_id_crm_object_record_id_pk" PRIMARY KEY("workspace_id","model_id","crm_object","record_id")
);
--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_caller_user_id_users_id_fk" FOREIGN KEY ("caller_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_logs" ADD CONSTRAINT "prediction_logs_caller_api_key_id_api_keys_id_fk" FOREIGN KEY ("caller_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_from_version_id_model_versions_id_fk" FOREIGN KEY ("from_version_id") REFERENCES "public"."model_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_scores" ADD CONSTRAINT "record_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_scores" ADD CONSTRAINT "record_scores_model_id_registered_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."registered_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_scores" ADD CONSTRAINT "record_scores_version_id_model_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prediction_logs_version_idx" ON "prediction_logs" USING btree ("version_id","created_at");--> statement-breakpoint
CREATE INDEX "prediction_logs_record_idx" ON "prediction_logs" USING btree ("workspace_id","crm_object","record_id","created_at");--> statement-breakpoint
CREATE INDEX "promotion_requests_model_idx" ON "promotion_requests" USING btree ("model_id","created_at");--> statement-breakpoint
CREATE INDEX "promotion_requests_workspace_status_idx" ON "promotion_requests" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "record_scores_record_idx" ON "record_scores" USING btree ("workspace_id","crm_object","record_id");--> statement-breakpoint
CREATE INDEX "record_scores_write_idx" ON "record_scores" USING btree ("workspace_id","crm_object","write_status");