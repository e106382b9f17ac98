CREATE TABLE "customers" (
	"app_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"nick" text DEFAULT '' NOT NULL,
	"avatar_url" text DEFAULT '' NOT NULL,
	"channel_type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customers_app_id_user_id_pk" PRIMARY KEY("app_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"file_id" text PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"uploader_id" text NOT NULL,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"name" text NOT NULL,
	"size" integer NOT NULL,
	"width" integer,
	"height" integer,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "messages_idempotency";--> statement-breakpoint
ALTER TABLE "cs_accounts" ADD COLUMN "public_key" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "flag" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "stream_open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "agent_group_id" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "timeout_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "satisfaction" integer;--> statement-breakpoint
CREATE INDEX "files_app" ON "files" USING btree ("app_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cs_accounts_public_key" ON "cs_accounts" USING btree ("public_key");--> statement-breakpoint
CREATE INDEX "messages_client_id" ON "messages" USING btree ("app_id","stream_id","from_account","client_msg_id") WHERE client_msg_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("app_id","user_id","started_at");