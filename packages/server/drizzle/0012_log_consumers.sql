CREATE TABLE "log_consumer_handled" (
	"app_id" bigint NOT NULL,
	"consumer" text NOT NULL,
	"event_id" bigint NOT NULL,
	CONSTRAINT "log_consumer_handled_app_id_consumer_event_id_pk" PRIMARY KEY("app_id","consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "log_consumers" (
	"app_id" bigint NOT NULL,
	"consumer" text NOT NULL,
	"cursor_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_consumers_app_id_consumer_pk" PRIMARY KEY("app_id","consumer")
);
--> statement-breakpoint
-- The callbacks' cursor and ledger move into the log consumers' tables, under the name "callbacks".
INSERT INTO "log_consumers" ("app_id", "consumer", "cursor_event_id") SELECT "app_id", 'callbacks', "cursor_event_id" FROM "callback_settings";--> statement-breakpoint
INSERT INTO "log_consumer_handled" ("app_id", "consumer", "event_id") SELECT "app_id", 'callbacks', "event_id" FROM "callback_dispatched";--> statement-breakpoint
DROP TABLE "callback_dispatched" CASCADE;--> statement-breakpoint
ALTER TABLE "callback_settings" DROP COLUMN "cursor_event_id";