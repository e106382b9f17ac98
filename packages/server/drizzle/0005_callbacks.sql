CREATE TABLE "callback_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"event_type" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_dispatched" (
	"app_id" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	CONSTRAINT "callback_dispatched_app_id_event_id_pk" PRIMARY KEY("app_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "callback_settings" (
	"app_id" bigint PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"enabled" boolean NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb,
	"cursor_event_id" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "callback_deliveries_app" ON "callback_deliveries" USING btree ("app_id","id");--> statement-breakpoint
CREATE INDEX "callback_deliveries_event" ON "callback_deliveries" USING btree ("app_id","event_id");