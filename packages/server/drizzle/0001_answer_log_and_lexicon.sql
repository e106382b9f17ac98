CREATE TABLE "robot_lexicons" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"env" text NOT NULL,
	"dictionary" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "robot_lexicons_app_id_robot_id_env_pk" PRIMARY KEY("app_id","robot_id","env")
);
--> statement-breakpoint
CREATE TABLE "bot_answer_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"language_tag" text NOT NULL,
	"question" text NOT NULL,
	"branch" text NOT NULL,
	"question_id" text,
	"score" real NOT NULL,
	"margin" real NOT NULL,
	"session_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "bot_answer_log_app_time" ON "bot_answer_log" USING btree ("app_id","robot_id","at");--> statement-breakpoint
CREATE INDEX "bot_answer_log_branch" ON "bot_answer_log" USING btree ("app_id","branch","at");