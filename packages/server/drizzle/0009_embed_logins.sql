CREATE TABLE "embed_logins" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"member_id" text NOT NULL,
	"credentials_version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "embed_logins_expires" ON "embed_logins" USING btree ("expires_at");