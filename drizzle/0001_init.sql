CREATE TABLE "achievement_transfer_claim" (
	"learner_id" uuid NOT NULL,
	"achievement_id" uuid NOT NULL,
	"transfer_id" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "achievement_transfer_claim_learner_id_achievement_id_pk" PRIMARY KEY("learner_id","achievement_id")
);
--> statement-breakpoint
CREATE TABLE "achievement" (
	"id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"course_version" integer NOT NULL,
	"grade" text NOT NULL,
	"normalized_grade" numeric(5, 2) NOT NULL,
	"completed_on" date NOT NULL,
	"lecture_hours" numeric(8, 2) NOT NULL,
	"practice_hours" numeric(8, 2) NOT NULL,
	"credits" numeric(6, 2),
	"ledger_entry_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "achievement_learner_id_id_pk" PRIMARY KEY("learner_id","id")
);
--> statement-breakpoint
CREATE TABLE "agreement_party" (
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"organization_id" uuid NOT NULL,
	"role" text NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"approved_hash" text,
	CONSTRAINT "agreement_party_agreement_id_version_organization_id_pk" PRIMARY KEY("agreement_id","version","organization_id")
);
--> statement-breakpoint
CREATE TABLE "agreement_version" (
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"terms" jsonb NOT NULL,
	"parties" jsonb NOT NULL,
	"terms_hash" text NOT NULL,
	"canonical_terms" text NOT NULL,
	"status" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_by_organization_id" uuid NOT NULL,
	"activated_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "agreement_version_agreement_id_version_pk" PRIMARY KEY("agreement_id","version")
);
--> statement-breakpoint
CREATE TABLE "agreement" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"direction" text NOT NULL,
	"state" text NOT NULL,
	"party_organization_ids" uuid[] NOT NULL,
	"latest_version" integer NOT NULL,
	"in_force_version" integer,
	"proposed_by_organization_id" uuid NOT NULL,
	"suspended_at" timestamp with time zone,
	"suspended_by_organization_id" uuid,
	"suspension_reason" text,
	"terminated_at" timestamp with time zone,
	"terminated_by_organization_id" uuid,
	"termination_reason" text,
	"termination_effective_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equivalence_rule_course" (
	"rule_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"side" text NOT NULL,
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	CONSTRAINT "equivalence_rule_course_rule_id_side_course_id_pk" PRIMARY KEY("rule_id","side","course_id")
);
--> statement-breakpoint
CREATE TABLE "equivalence_rule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agreement_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"position" integer NOT NULL,
	"source" jsonb NOT NULL,
	"target_kind" text NOT NULL,
	"target_organization_id" uuid NOT NULL,
	"target_course_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"elective_credits" numeric(6, 2),
	"elective_category" text,
	"no_recognition_reason" text,
	"credits_kind" text,
	"fixed_credits" numeric(6, 2),
	"min_grade" integer,
	"recency_years" integer,
	"note" text,
	"course_versions" jsonb NOT NULL,
	CONSTRAINT "equivalence_rule_version_position_key" UNIQUE("agreement_id","version","position")
);
--> statement-breakpoint
CREATE TABLE "course_package_item" (
	"package_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"course_id" uuid NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"course_version" integer,
	"lecture_hours" numeric(8, 2),
	"practice_hours" numeric(8, 2),
	CONSTRAINT "course_package_item_package_id_position_pk" PRIMARY KEY("package_id","position")
);
--> statement-breakpoint
CREATE TABLE "course_package" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lineage_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"description" text,
	"occupation" text NOT NULL,
	"certificate_name" text,
	"certificate_level" text,
	"apprenticeship" boolean DEFAULT false NOT NULL,
	"search_text" text NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "course_version" (
	"course_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_version_course_id_version_pk" PRIMARY KEY("course_id","version")
);
--> statement-breakpoint
CREATE TABLE "course" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"description" text,
	"lecture_hours" numeric(8, 2) NOT NULL,
	"practice_hours" numeric(8, 2) NOT NULL,
	"credits" numeric(6, 2),
	"level" text NOT NULL,
	"field" text NOT NULL,
	"learning_outcomes" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text DEFAULT 'zh' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_run" (
	"organization_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"kind" text NOT NULL,
	"agreement_id" uuid,
	"encoding" text NOT NULL,
	"rows_read" integer NOT NULL,
	"rows_written" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_run_organization_id_file_key_pk" PRIMARY KEY("organization_id","file_key")
);
--> statement-breakpoint
CREATE TABLE "grade_scale" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"pass_mark" numeric(5, 2),
	"labels" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learner_consent" (
	"id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "learner_consent_learner_id_id_pk" PRIMARY KEY("learner_id","id")
);
--> statement-breakpoint
CREATE TABLE "learner_external_ref" (
	"organization_id" uuid NOT NULL,
	"external_ref" text NOT NULL,
	"learner_id" uuid NOT NULL,
	CONSTRAINT "learner_external_ref_organization_id_external_ref_pk" PRIMARY KEY("organization_id","external_ref")
);
--> statement-breakpoint
CREATE TABLE "learner" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"external_ref" text NOT NULL,
	"display_name" text NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_key" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_key_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "ledger_checkpoint" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"jws" text NOT NULL,
	"frontier" jsonb NOT NULL,
	"transaction_watermark" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entry" (
	"sequence" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_subject" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_organization_id" uuid,
	"organization_ids" uuid[] NOT NULL,
	"learner_id" uuid,
	"body" jsonb NOT NULL,
	"canonical" text NOT NULL,
	"content_hash" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"transaction_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	CONSTRAINT "ledger_entry_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "ledger_posting" (
	"entry_sequence" bigint NOT NULL,
	"position" integer NOT NULL,
	"account" text NOT NULL,
	"unit" text NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"learner_id" uuid,
	CONSTRAINT "ledger_posting_entry_sequence_position_pk" PRIMARY KEY("entry_sequence","position")
);
--> statement-breakpoint
CREATE TABLE "merkle_leaf" (
	"leaf_index" bigint PRIMARY KEY NOT NULL,
	"entry_sequence" bigint NOT NULL,
	"leaf_hash" text NOT NULL,
	CONSTRAINT "merkle_leaf_entry_sequence_unique" UNIQUE("entry_sequence")
);
--> statement-breakpoint
CREATE TABLE "signing_key" (
	"key_id" text PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organization" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"code" text NOT NULL,
	"region" text,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "credit_statement" (
	"learner_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"jws" text NOT NULL,
	"ledger_entry_id" uuid NOT NULL,
	CONSTRAINT "credit_statement_learner_id_id_pk" PRIMARY KEY("learner_id","id")
);
--> statement-breakpoint
CREATE TABLE "credit_transfer" (
	"id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"target_organization_id" uuid NOT NULL,
	"source_organization_ids" uuid[] NOT NULL,
	"rule_id" uuid,
	"agreement_id" uuid,
	"agreement_version" integer,
	"terms_hash" text,
	"outcome" text NOT NULL,
	"credits" numeric(8, 2) NOT NULL,
	"reasons" jsonb NOT NULL,
	"achievement_ids" uuid[] NOT NULL,
	"used_achievement_ids" uuid[] NOT NULL,
	"lecture_hours" numeric(10, 2) NOT NULL,
	"practice_hours" numeric(10, 2) NOT NULL,
	"decided_on" date NOT NULL,
	"decided_by" text NOT NULL,
	"ledger_entry_id" uuid NOT NULL,
	"granted_by_appeal_id" uuid,
	"reversed_at" timestamp with time zone,
	"reversed_by" text,
	"reversal_reason" text,
	"reversal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_transfer_learner_id_id_pk" PRIMARY KEY("learner_id","id")
);
--> statement-breakpoint
CREATE TABLE "transfer_appeal" (
	"id" uuid NOT NULL,
	"learner_id" uuid NOT NULL,
	"transfer_id" uuid NOT NULL,
	"statement" text NOT NULL,
	"status" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_by_role" text NOT NULL,
	"opened_by_organization_id" uuid,
	"opened_entry_id" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"decision_note" text,
	"decided_entry_id" uuid,
	"granted_transfer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transfer_appeal_learner_id_id_pk" PRIMARY KEY("learner_id","id")
);
--> statement-breakpoint
ALTER TABLE "achievement" ADD CONSTRAINT "achievement_learner_id_learner_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement" ADD CONSTRAINT "achievement_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "achievement" ADD CONSTRAINT "achievement_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_party" ADD CONSTRAINT "agreement_party_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_party" ADD CONSTRAINT "agreement_party_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_version" ADD CONSTRAINT "agreement_version_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_version" ADD CONSTRAINT "agreement_version_proposed_by_organization_id_organization_id_fk" FOREIGN KEY ("proposed_by_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_proposed_by_organization_id_organization_id_fk" FOREIGN KEY ("proposed_by_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_suspended_by_organization_id_organization_id_fk" FOREIGN KEY ("suspended_by_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_terminated_by_organization_id_organization_id_fk" FOREIGN KEY ("terminated_by_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equivalence_rule_course" ADD CONSTRAINT "equivalence_rule_course_rule_id_equivalence_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."equivalence_rule"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equivalence_rule_course" ADD CONSTRAINT "equivalence_rule_course_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equivalence_rule" ADD CONSTRAINT "equivalence_rule_agreement_id_agreement_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreement"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equivalence_rule" ADD CONSTRAINT "equivalence_rule_target_organization_id_organization_id_fk" FOREIGN KEY ("target_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_package_item" ADD CONSTRAINT "course_package_item_package_id_course_package_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."course_package"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_package_item" ADD CONSTRAINT "course_package_item_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_package" ADD CONSTRAINT "course_package_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_version" ADD CONSTRAINT "course_version_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course" ADD CONSTRAINT "course_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_run" ADD CONSTRAINT "import_run_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grade_scale" ADD CONSTRAINT "grade_scale_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_consent" ADD CONSTRAINT "learner_consent_learner_id_learner_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_consent" ADD CONSTRAINT "learner_consent_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_external_ref" ADD CONSTRAINT "learner_external_ref_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner" ADD CONSTRAINT "learner_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_posting" ADD CONSTRAINT "ledger_posting_entry_sequence_ledger_entry_sequence_fk" FOREIGN KEY ("entry_sequence") REFERENCES "public"."ledger_entry"("sequence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merkle_leaf" ADD CONSTRAINT "merkle_leaf_entry_sequence_ledger_entry_sequence_fk" FOREIGN KEY ("entry_sequence") REFERENCES "public"."ledger_entry"("sequence") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_statement" ADD CONSTRAINT "credit_statement_learner_id_learner_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_statement" ADD CONSTRAINT "credit_statement_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfer" ADD CONSTRAINT "credit_transfer_learner_id_learner_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_transfer" ADD CONSTRAINT "credit_transfer_target_organization_id_organization_id_fk" FOREIGN KEY ("target_organization_id") REFERENCES "public"."organization"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfer_appeal" ADD CONSTRAINT "transfer_appeal_learner_id_learner_id_fk" FOREIGN KEY ("learner_id") REFERENCES "public"."learner"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "achievement_id_idx" ON "achievement" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "achievement_learner_course_completed_key" ON "achievement" USING btree ("learner_id","course_id","completed_on");--> statement-breakpoint
CREATE INDEX "agreement_party_organization_idx" ON "agreement_party" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "agreement_parties_idx" ON "agreement" USING gin ("party_organization_ids");--> statement-breakpoint
CREATE INDEX "agreement_state_idx" ON "agreement" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "equivalence_rule_course_course_idx" ON "equivalence_rule_course" USING btree ("course_id","rule_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_package_item_package_course_key" ON "course_package_item" USING btree ("package_id","course_id");--> statement-breakpoint
CREATE INDEX "course_package_item_course_idx" ON "course_package_item" USING btree ("course_id","package_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_package_organization_code_version_key" ON "course_package" USING btree ("organization_id","code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "course_package_lineage_version_key" ON "course_package" USING btree ("lineage_id","version");--> statement-breakpoint
CREATE INDEX "course_package_organization_id_idx" ON "course_package" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "course_package_status_id_idx" ON "course_package" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "course_package_search_trgm_idx" ON "course_package" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "course_organization_code_key" ON "course" USING btree ("organization_id","code");--> statement-breakpoint
CREATE INDEX "course_organization_id_idx" ON "course" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "course_status_id_idx" ON "course" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "course_search_trgm_idx" ON "course" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "learner_consent_active_key" ON "learner_consent" USING btree ("learner_id","organization_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "learner_person_idx" ON "learner" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "learner_organization_idx" ON "learner" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "ledger_entry_transaction_idx" ON "ledger_entry" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_entry_learner_idx" ON "ledger_entry" USING btree ("learner_id","sequence");--> statement-breakpoint
CREATE INDEX "ledger_entry_organizations_idx" ON "ledger_entry" USING gin ("organization_ids");--> statement-breakpoint
CREATE INDEX "ledger_entry_kind_idx" ON "ledger_entry" USING btree ("kind","sequence");--> statement-breakpoint
CREATE INDEX "ledger_posting_account_idx" ON "ledger_posting" USING btree ("account","unit");--> statement-breakpoint
CREATE INDEX "organization_kind_idx" ON "organization" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "credit_statement_learner_organization_idx" ON "credit_statement" USING btree ("learner_id","organization_id","issued_at");--> statement-breakpoint
CREATE INDEX "credit_transfer_id_idx" ON "credit_transfer" USING btree ("id");--> statement-breakpoint
CREATE INDEX "credit_transfer_learner_agreement_idx" ON "credit_transfer" USING btree ("learner_id","agreement_id");--> statement-breakpoint
CREATE INDEX "transfer_appeal_id_idx" ON "transfer_appeal" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "transfer_appeal_transfer_key" ON "transfer_appeal" USING btree ("learner_id","transfer_id");