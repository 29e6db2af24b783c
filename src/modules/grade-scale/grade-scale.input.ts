import { Field, ID, InputType } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars.js";
import { GradeScaleKindEnum } from "./grade-scale.type.js";
import type { GradeScaleKind } from "./grade-scale.js";

@InputType({ description: "A grade label and the 0–100 value it normalises to." })
export class GradeLabelInput {
  @Field({ description: "1–20 characters, unique in the scale ignoring case." })
  label!: string;

  @Field(() => DecimalScalar, { description: "0–100." })
  value!: string;

  @Field()
  passing!: boolean;
}

@InputType({ description: "Sets an organization's grade scale (its registrar or provider, or an admin). Applies to achievements recorded from now on." })
export class GradeScaleSetInput {
  @Field(() => String, { nullable: true, description: "Optional client key (1–128 chars)." })
  idempotencyKey?: string | null;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => GradeScaleKindEnum)
  kind!: GradeScaleKind;

  @Field(() => DecimalScalar, { nullable: true, description: "NUMERIC only: the lowest passing grade, 0–100 (default 60)." })
  passMark?: string | null;

  @Field(() => [GradeLabelInput], { nullable: true, description: "Label scales only (default: the kind's standard labels); at least one passing, failing ones below passing ones." })
  labels?: GradeLabelInput[] | null;
}
