CREATE TABLE "file_chunks" (
	"file_id" text NOT NULL,
	"app_id" bigint NOT NULL,
	"idx" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_chunks_file_id_idx_pk" PRIMARY KEY("file_id","idx")
);
--> statement-breakpoint
-- Files stored before this migration keep their bytes, as one chunk each (readers take any chunk size).
INSERT INTO "file_chunks" ("file_id", "app_id", "idx", "data") SELECT "file_id", "app_id", 0, "data" FROM "files";
--> statement-breakpoint
ALTER TABLE "files" DROP COLUMN "data";