import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { CreditTransfer, TransferAppeal, TransferDecision } from "./transfer.type.js";

@ObjectType()
export class CreditTransferPayload {
  @Field(() => CreditTransfer, { nullable: true })
  transfer!: CreditTransfer | null;

  @Field(() => TransferDecision, { nullable: true, description: "The transfer's decision: outcome, credits and reasons." })
  decision!: TransferDecision | null;

  @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class CreditTransferReversePayload {
  @Field(() => CreditTransfer, { nullable: true, description: "The reversed transfer." })
  transfer!: CreditTransfer | null;

  @Field()
  replayed!: boolean;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

function AppealPayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => TransferAppeal, { nullable: true })
    appeal!: TransferAppeal | null;

    @Field()
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const TransferAppealPayload = AppealPayloadType("TransferAppealPayload");
export const TransferAppealDecidePayload = AppealPayloadType("TransferAppealDecidePayload");
