CREATE TABLE "agent_groups" (
	"group_id" serial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"app_id" bigint NOT NULL,
	"group_id" integer NOT NULL,
	"member_id" text NOT NULL,
	CONSTRAINT "group_members_group_id_member_id_pk" PRIMARY KEY("group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "login_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"credentials_version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"email" text NOT NULL,
	"nick" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"roles" jsonb NOT NULL,
	"password_hash" text NOT NULL,
	"credentials_version" integer DEFAULT 1 NOT NULL,
	"login_disabled" boolean DEFAULT false NOT NULL,
	"max_concurrent" integer,
	"last_online_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "members_app_id_member_id_pk" PRIMARY KEY("app_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "agent_states" (
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"status" text DEFAULT 'offline' NOT NULL,
	"rest_reason" text DEFAULT '' NOT NULL,
	"status_since" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"load" integer DEFAULT 0 NOT NULL,
	"last_assigned_at" timestamp with time zone,
	CONSTRAINT "agent_states_app_id_member_id_pk" PRIMARY KEY("app_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "agent_status_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"changed_by" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hidden_threads" (
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"thread_id" text NOT NULL,
	"hidden_at" timestamp with time zone NOT NULL,
	CONSTRAINT "hidden_threads_app_id_member_id_thread_id_pk" PRIMARY KEY("app_id","member_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "internal_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"thread_id" text NOT NULL,
	"from_member" text NOT NULL,
	"to_member" text NOT NULL,
	"body" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_settings" (
	"app_id" bigint PRIMARY KEY NOT NULL,
	"reception_mode" text DEFAULT 'auto' NOT NULL,
	"accept_timeout" integer DEFAULT 60 NOT NULL,
	"rest_after_accept_timeout" boolean DEFAULT false NOT NULL,
	"max_concurrent" integer DEFAULT 5 NOT NULL,
	"queue_timeout" integer DEFAULT 1800 NOT NULL,
	"contact_user_enabled" boolean DEFAULT true NOT NULL,
	"calendar" jsonb DEFAULT '{"holidays":[],"workdays":[]}'::jsonb NOT NULL,
	"assign_webhook_timeout" integer DEFAULT 3000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "satisfaction_settings" (
	"app_id" bigint PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quick_replies" (
	"reply_id" serial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"category_id" integer NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quick_reply_categories" (
	"category_id" serial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"scope_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner_id" text DEFAULT '' NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "priority" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "route_group_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "route_agent_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "skipped_agent_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "announced_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "rating_invited_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "agent_groups_name" ON "agent_groups" USING btree ("app_id","name");--> statement-breakpoint
CREATE INDEX "group_members_member" ON "group_members" USING btree ("app_id","member_id");--> statement-breakpoint
CREATE INDEX "login_sessions_member" ON "login_sessions" USING btree ("app_id","member_id");--> statement-breakpoint
CREATE INDEX "members_email" ON "members" USING btree ("email");--> statement-breakpoint
CREATE INDEX "agent_states_pick" ON "agent_states" USING btree ("app_id","status","last_assigned_at");--> statement-breakpoint
CREATE INDEX "agent_status_history_member" ON "agent_status_history" USING btree ("app_id","member_id","started_at");--> statement-breakpoint
CREATE INDEX "internal_messages_thread" ON "internal_messages" USING btree ("app_id","thread_id","id");--> statement-breakpoint
CREATE INDEX "quick_replies_category" ON "quick_replies" USING btree ("app_id","category_id");--> statement-breakpoint
CREATE INDEX "quick_reply_categories_app" ON "quick_reply_categories" USING btree ("app_id","sort");--> statement-breakpoint
CREATE INDEX "sessions_queue" ON "sessions" USING btree ("app_id","priority","queued_at") WHERE state = 'Queueing';--> statement-breakpoint
CREATE INDEX "sessions_agent_open" ON "sessions" USING btree ("app_id","agent_id") WHERE state IN ('WaitingForAgentAnswering', 'Agent');