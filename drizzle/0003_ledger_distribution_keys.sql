-- The journal fits distributed PostgreSQL (Citus, README "Beyond one machine"):
-- ledger_entry and ledger_posting are distributed by stream (the learner, or the
-- platform stream for entries about no learner), so every key starts with
-- stream_id; no global unique key on id; merkle_leaf, which stays on the
-- coordinator, no longer references the distributed journal; and sealing works
-- from a queue of unsealed entries instead of per-node transaction IDs.
--
-- Backfilling stream_id rewrites recorded rows, which the append-only triggers
-- refuse: they are disabled for exactly that statement, inside this migration's
-- transaction. stream_id is derived from learner_id only, and a CHECK keeps it so.
--
-- Rewriting a large journal takes longer than the server's statement timeout
-- (DB_STATEMENT_TIMEOUT_MS, 15 s by default; about a minute per million entries
-- here): lifted for this migration's transaction only.
SET LOCAL statement_timeout = 0;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD COLUMN "stream_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_entry" DISABLE TRIGGER "ledger_entry_append_only";--> statement-breakpoint
UPDATE "ledger_entry" SET "stream_id" = coalesce("learner_id", '00000000-0000-0000-0000-000000000000'::uuid);--> statement-breakpoint
ALTER TABLE "ledger_entry" ENABLE TRIGGER "ledger_entry_append_only";--> statement-breakpoint
ALTER TABLE "ledger_entry" ALTER COLUMN "stream_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_stream_check" CHECK ("stream_id" = coalesce("learner_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD COLUMN "stream_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_posting" DISABLE TRIGGER "ledger_posting_append_only";--> statement-breakpoint
UPDATE "ledger_posting" SET "stream_id" = coalesce("learner_id", '00000000-0000-0000-0000-000000000000'::uuid);--> statement-breakpoint
ALTER TABLE "ledger_posting" ENABLE TRIGGER "ledger_posting_append_only";--> statement-breakpoint
ALTER TABLE "ledger_posting" ALTER COLUMN "stream_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_stream_check" CHECK ("stream_id" = coalesce("learner_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
ALTER TABLE "ledger_posting" DROP CONSTRAINT "ledger_posting_entry_sequence_ledger_entry_sequence_fk";--> statement-breakpoint
ALTER TABLE "merkle_leaf" DROP CONSTRAINT "merkle_leaf_entry_sequence_ledger_entry_sequence_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_pkey";--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_stream_id_sequence_pk" PRIMARY KEY("stream_id","sequence");--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_id_unique";--> statement-breakpoint
CREATE INDEX "ledger_entry_id_idx" ON "ledger_entry" USING btree ("id");--> statement-breakpoint
CREATE INDEX "ledger_entry_sequence_idx" ON "ledger_entry" USING btree ("sequence");--> statement-breakpoint
DROP INDEX "ledger_entry_learner_idx";--> statement-breakpoint
ALTER TABLE "ledger_posting" DROP CONSTRAINT "ledger_posting_entry_sequence_position_pk";--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_stream_id_entry_sequence_position_pk" PRIMARY KEY("stream_id","entry_sequence","position");--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_entry_fk" FOREIGN KEY ("stream_id","entry_sequence") REFERENCES "public"."ledger_entry"("stream_id","sequence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "ledger_unsealed" (
	"stream_id" uuid NOT NULL,
	"entry_sequence" bigint NOT NULL,
	CONSTRAINT "ledger_unsealed_stream_id_entry_sequence_pk" PRIMARY KEY("stream_id","entry_sequence")
);
--> statement-breakpoint
ALTER TABLE "ledger_unsealed" ADD CONSTRAINT "ledger_unsealed_entry_fk" FOREIGN KEY ("stream_id","entry_sequence") REFERENCES "public"."ledger_entry"("stream_id","sequence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_unsealed_sequence_idx" ON "ledger_unsealed" USING btree ("entry_sequence");--> statement-breakpoint
-- Whatever the old sealer had not reached yet is queued for the new one.
INSERT INTO "ledger_unsealed" ("stream_id", "entry_sequence")
  SELECT e."stream_id", e."sequence" FROM "ledger_entry" e
  WHERE NOT EXISTS (SELECT 1 FROM "merkle_leaf" l WHERE l."entry_sequence" = e."sequence");--> statement-breakpoint
DROP INDEX "ledger_entry_transaction_idx";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP COLUMN "transaction_id";--> statement-breakpoint
ALTER TABLE "ledger_checkpoint" DROP COLUMN "transaction_watermark";
