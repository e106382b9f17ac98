CREATE TABLE "cs_accounts" (
	"app_id" bigint NOT NULL,
	"account_id" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"nick" text NOT NULL,
	"avatar_url" text NOT NULL,
	"welcome_message" text NOT NULL,
	"chatbot_disabled" boolean NOT NULL,
	"agent_group_id" integer NOT NULL,
	"transfer_to_human_prompt" text NOT NULL,
	"transfer_to_human_success_prompt" text NOT NULL,
	"transfer_to_human_fail_prompt" text NOT NULL,
	"queueing_prompt" text NOT NULL,
	"user_timeout" integer NOT NULL,
	"end_prompt" text NOT NULL,
	"timeout_end_prompt" text NOT NULL,
	"work_time" jsonb NOT NULL,
	"not_work_time_prompt" text NOT NULL,
	"assignment_strategy" text NOT NULL,
	"choose_skill_group_prompt" text NOT NULL,
	"display_groups_choices" jsonb NOT NULL,
	"assigned_by_webhook_url" text NOT NULL,
	"robot_id" text NOT NULL,
	"multilingual" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cs_accounts_app_id_account_id_pk" PRIMARY KEY("app_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"app_id" bigint NOT NULL,
	"msg_key" text NOT NULL,
	"session_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"from_account" text NOT NULL,
	"from_role" integer NOT NULL,
	"client_msg_id" text,
	"body" jsonb NOT NULL,
	"cloud_custom_data" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"modified_at" timestamp with time zone,
	CONSTRAINT "messages_app_id_msg_key_pk" PRIMARY KEY("app_id","msg_key")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"app_id" bigint NOT NULL,
	"session_id" text NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"channel_type" text NOT NULL,
	"language_tag" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"agent_id" text DEFAULT '' NOT NULL,
	"is_contact_user" boolean DEFAULT false NOT NULL,
	"suspended" boolean DEFAULT false NOT NULL,
	"mark" text DEFAULT '' NOT NULL,
	"starred" boolean DEFAULT false NOT NULL,
	"user_timeout_enabled" boolean DEFAULT true NOT NULL,
	"end_status" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "sessions_app_id_session_id_pk" PRIMARY KEY("app_id","session_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idempotency" ON "messages" USING btree ("app_id","stream_id","from_account","client_msg_id") WHERE client_msg_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_session" ON "messages" USING btree ("app_id","session_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_open" ON "sessions" USING btree ("app_id","account_id","user_id") WHERE state <> 'Ended';--> statement-breakpoint
CREATE INDEX "sessions_started" ON "sessions" USING btree ("app_id","started_at");