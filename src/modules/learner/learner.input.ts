import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "Registers a learner at an organization (its registrar or provider, or an admin)." })
export class LearnerRegisterInput {
  @Field(() => String, { nullable: true, description: "Optional client key (1–128 chars): a retry with the same key and input returns the original result." })
  idempotencyKey?: string | null;

  @Field(() => ID)
  organizationId!: string;

  @Field({ description: "The organization's own reference (1–64 chars), unique there. Never a resident ID card number." })
  externalRef!: string;

  @Field({ description: "A name to show (1–100 chars); a pseudonym is fine." })
  displayName!: string;
}

@InputType({ description: "A learner named by an organization and that organization's reference." })
export class LearnerReferenceInput {
  @Field(() => ID)
  organizationId!: string;

  @Field()
  externalRef!: string;
}

@InputType({ description: "Links two organizations' records of the same person." })
export class LearnerLinkInput {
  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;

  @Field(() => LearnerReferenceInput, { description: "A learner of the caller's organization (any learner for admins)." })
  learner!: LearnerReferenceInput;

  @Field(() => LearnerReferenceInput, { description: "The same person at another organization; must consent to the caller's organization." })
  otherLearner!: LearnerReferenceInput;
}

@InputType({ description: "Lets an organization read the caller's learner record (learner token)." })
export class LearnerConsentGrantInput {
  @Field({ description: "Client key (1–128 chars); consent is journaled." })
  idempotencyKey!: string;

  @Field(() => ID)
  organizationId!: string;
}

@InputType({ description: "Withdraws an organization's access to the caller's learner record (learner token)." })
export class LearnerConsentRevokeInput {
  @Field({ description: "Client key (1–128 chars); the revocation is journaled." })
  idempotencyKey!: string;

  @Field(() => ID)
  organizationId!: string;
}
