import { Field, ID, InputType } from "type-graphql";
import { DateScalar } from "../../graphql/scalars.js";
import { OrganizationKindEnum } from "../organization/organization.type.js";
import type { OrganizationKind } from "../organization/organization.table.js";
import { CatalogStatusEnum, CourseLevelEnum, IndustryFieldEnum, type IndustryField } from "./course.type.js";
import type { CourseLevel, CourseStatus } from "./course.table.js";

const IDEMPOTENCY_KEY = "Optional client key (1–128 chars): a retry with the same key and input returns the original result.";
// Hours and credits arrive as strings, not the Decimal scalar, so that a
// malformed amount is a user error with a field rather than a rejected request.
const HOURS = 'Decimal string ≥ 0 with at most 2 fraction digits, e.g. "32" or "16.5".';

@InputType({ description: "Creates a draft course for an organization." })
export class CourseCreateInput {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;

  @Field(() => ID)
  organizationId!: string;

  @Field({ description: "1–32 letters, digits, '.', '_' or '-'; stored upper case; unique within the organization." })
  code!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ description: HOURS })
  lectureHours!: string;

  @Field({ description: HOURS })
  practiceHours!: string;

  @Field(() => String, { nullable: true, description: "Decimal string ≥ 0 with at most 2 fraction digits; required for universities." })
  credits?: string | null;

  @Field(() => CourseLevelEnum)
  level!: CourseLevel;

  @Field(() => IndustryFieldEnum)
  field!: IndustryField;

  @Field(() => [String], { nullable: true, description: "Up to 30, each at most 500 characters." })
  learningOutcomes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Language tag; default "zh".' })
  language?: string | null;

  @Field(() => DateScalar, { nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Must be after validFrom." })
  validTo?: string | null;
}

@InputType({ description: "Changes a course: a draft in place, a published course as its next version. Omitted fields stay, null clears optional ones." })
export class CourseUpdateInput {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;

  @Field(() => ID)
  courseId!: string;

  @Field(() => String, { nullable: true })
  code?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true, description: HOURS })
  lectureHours?: string | null;

  @Field(() => String, { nullable: true, description: HOURS })
  practiceHours?: string | null;

  @Field(() => String, { nullable: true })
  credits?: string | null;

  @Field(() => CourseLevelEnum, { nullable: true })
  level?: CourseLevel | null;

  @Field(() => IndustryFieldEnum, { nullable: true })
  field?: IndustryField | null;

  @Field(() => [String], { nullable: true })
  learningOutcomes?: string[] | null;

  @Field(() => String, { nullable: true })
  language?: string | null;

  @Field(() => DateScalar, { nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true })
  validTo?: string | null;
}

export interface CourseLifecycleInput {
  idempotencyKey?: string | null;
  courseId: string;
}

function CourseLifecycleInputType(name: string, description: string) {
  @InputType(name, { description })
  class Input implements CourseLifecycleInput {
    @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
    idempotencyKey?: string | null;

    @Field(() => ID)
    courseId!: string;
  }
  return Input;
}

export const CoursePublishInput = CourseLifecycleInputType("CoursePublishInput", "Publishes a draft course.");
export const CourseRetireInput = CourseLifecycleInputType("CourseRetireInput", "Retires a published course.");

@InputType({ description: "Narrows a course search; all given conditions must hold." })
export class CourseFilter {
  @Field(() => String, { nullable: true, description: "Substring of the code, Chinese or English title or a learning outcome; case-insensitive, any script." })
  text?: string | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => OrganizationKindEnum, { nullable: true })
  organizationKind?: OrganizationKind | null;

  @Field(() => IndustryFieldEnum, { nullable: true })
  field?: IndustryField | null;

  @Field(() => CourseLevelEnum, { nullable: true })
  level?: CourseLevel | null;

  @Field(() => [CatalogStatusEnum], { nullable: true, description: "Default: DRAFT and PUBLISHED (drafts only where the caller may see them)." })
  status?: CourseStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only courses in this package version." })
  packageId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Only courses valid on this day (validFrom ≤ day ≤ validTo, open ends match)." })
  validOn?: string | null;
}
