CREATE SEQUENCE "public"."kb_category_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 10001 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."kb_question_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "apps" (
	"sdk_app_id" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_key" text NOT NULL,
	"admin_identifier" text DEFAULT 'administrator' NOT NULL,
	"quotas" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_categories" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"env" text NOT NULL,
	"library" text NOT NULL,
	"category_id" integer NOT NULL,
	"parent_id" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"menu_type" integer DEFAULT 0 NOT NULL,
	"status" integer DEFAULT 1 NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_categories_app_id_robot_id_env_category_id_pk" PRIMARY KEY("app_id","robot_id","env","category_id")
);
--> statement-breakpoint
CREATE TABLE "kb_questions" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"env" text NOT NULL,
	"library" text NOT NULL,
	"question_id" text NOT NULL,
	"category_id" integer NOT NULL,
	"language_tag" text DEFAULT '' NOT NULL,
	"question" text NOT NULL,
	"similar" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answer" text NOT NULL,
	"answer_type" integer DEFAULT 0 NOT NULL,
	"status" integer DEFAULT 4 NOT NULL,
	"question_type" integer DEFAULT 0 NOT NULL,
	"intent" text DEFAULT '' NOT NULL,
	"seq" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kb_questions_app_id_robot_id_env_question_id_pk" PRIMARY KEY("app_id","robot_id","env","question_id")
);
--> statement-breakpoint
CREATE TABLE "robot_configs" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"env" text NOT NULL,
	"language_tag" text NOT NULL,
	"config" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "robot_configs_app_id_robot_id_env_language_tag_pk" PRIMARY KEY("app_id","robot_id","env","language_tag")
);
--> statement-breakpoint
CREATE TABLE "robot_languages" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"language_tag" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "robot_languages_app_id_robot_id_language_tag_pk" PRIMARY KEY("app_id","robot_id","language_tag")
);
--> statement-breakpoint
CREATE TABLE "robot_releases" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"version" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"is_current" boolean DEFAULT false NOT NULL,
	"published_by" text DEFAULT '' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "robot_releases_app_id_robot_id_version_pk" PRIMARY KEY("app_id","robot_id","version")
);
--> statement-breakpoint
CREATE TABLE "robots" (
	"app_id" bigint NOT NULL,
	"robot_id" text NOT NULL,
	"nickname" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"has_unpublished" boolean DEFAULT false NOT NULL,
	"test_revision" bigint DEFAULT 0 NOT NULL,
	"prod_revision" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "robots_app_id_robot_id_pk" PRIMARY KEY("app_id","robot_id")
);
--> statement-breakpoint
CREATE INDEX "kb_categories_library" ON "kb_categories" USING btree ("app_id","robot_id","env","library");--> statement-breakpoint
CREATE INDEX "kb_questions_list" ON "kb_questions" USING btree ("app_id","robot_id","env","library","language_tag","seq");--> statement-breakpoint
CREATE INDEX "kb_questions_category" ON "kb_questions" USING btree ("app_id","robot_id","env","category_id");--> statement-breakpoint
CREATE INDEX "robot_releases_time" ON "robot_releases" USING btree ("app_id","robot_id","published_at");