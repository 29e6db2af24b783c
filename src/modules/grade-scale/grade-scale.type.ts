import { Field, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars.js";
import { formatAmount } from "../ledger/amount.js";
import type { GradeScale } from "./grade-scale.js";

export const GradeScaleKindEnum = { NUMERIC: "NUMERIC", FIVE_LEVEL: "FIVE_LEVEL", PASS_FAIL: "PASS_FAIL" } as const;
registerEnumType(GradeScaleKindEnum, {
  name: "GradeScaleKind",
  valuesConfig: {
    NUMERIC: { description: "Grades are numbers from 0 to 100; passing from the pass mark (default 60)." },
    FIVE_LEVEL: { description: "Five-level labels, by default 优秀 95 / 良好 85 / 中等 75 / 及格 65 / 不及格 (fail)." },
    PASS_FAIL: { description: "Pass or fail, by default 通过/PASS = 60 and 不通过/FAIL (fail): a pass proves only the pass mark." },
  },
});

@ObjectType("GradeLabel", { description: "A grade label and the 0–100 value it normalises to." })
export class GradeLabelType {
  @Field()
  label!: string;

  @Field(() => DecimalScalar)
  value!: string;

  @Field()
  passing!: boolean;
}

@ObjectType("GradeScale", { description: "How an organization's grades map to a normalised 0–100 value. Public." })
export class GradeScaleType {
  @Field(() => GradeScaleKindEnum)
  kind!: GradeScale["kind"];

  @Field(() => DecimalScalar, { description: "The lowest passing normalised grade; for label scales, the lowest passing label's value." })
  passMark!: string;

  @Field(() => [GradeLabelType], { description: "Empty for NUMERIC scales. Grades match labels ignoring case and full-width forms." })
  labels!: GradeLabelType[];

  @Field(() => Date, { nullable: true, description: "Null while the organization uses the default scale." })
  updatedAt!: Date | null;
}

export function toGradeScaleType(scale: GradeScale, updatedAt: Date | null): GradeScaleType {
  return {
    kind: scale.kind,
    passMark: formatAmount(scale.passMark),
    labels: scale.labels.map((label) => ({ label: label.label, value: formatAmount(label.value), passing: label.passing })),
    updatedAt,
  };
}
