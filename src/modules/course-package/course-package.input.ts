import { Field, ID, InputType } from "type-graphql";
import { CatalogStatusEnum } from "../course/course.type.js";
import type { CourseStatus } from "../course/course.table.js";

const IDEMPOTENCY_KEY = "Optional client key (1–128 chars): a retry with the same key and input returns the original result.";

@InputType()
export class CertificateInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: "e.g. 初级, 中级, 高级." })
  level?: string | null;
}

@InputType()
export class CoursePackageItemInput {
  @Field(() => ID)
  courseId!: string;

  @Field(() => Boolean, { nullable: true, description: "Default true; false for an elective." })
  required?: boolean | null;
}

@InputType({ description: "Creates version 1 of a package as a draft. Training providers (or admins for them)." })
export class CoursePackageCreateInput {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;

  @Field(() => ID)
  organizationId!: string;

  @Field({ description: "1–32 letters, digits, '.', '_' or '-'; stored upper case; fixed for every version." })
  code!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field({ description: "Target occupation." })
  occupation!: string;

  @Field(() => CertificateInput, { nullable: true })
  certificate?: CertificateInput | null;

  @Field(() => Boolean, { nullable: true, description: "Default false." })
  apprenticeship?: boolean | null;

  @Field(() => [CoursePackageItemInput], { nullable: true, description: "The courses, in order; up to 100." })
  items?: CoursePackageItemInput[] | null;
}

@InputType({ description: "Changes a draft version. Omitted fields stay, null clears optional ones; `items` replaces the whole list." })
export class CoursePackageUpdateInput {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
  idempotencyKey?: string | null;

  @Field(() => ID)
  coursePackageId!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  titleEn?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  occupation?: string | null;

  @Field(() => CertificateInput, { nullable: true })
  certificate?: CertificateInput | null;

  @Field(() => Boolean, { nullable: true })
  apprenticeship?: boolean | null;

  @Field(() => [CoursePackageItemInput], { nullable: true })
  items?: CoursePackageItemInput[] | null;
}

export interface CoursePackageLifecycleInput {
  idempotencyKey?: string | null;
  coursePackageId: string;
}

function CoursePackageLifecycleInputType(name: string, description: string) {
  @InputType(name, { description })
  class Input implements CoursePackageLifecycleInput {
    @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY })
    idempotencyKey?: string | null;

    @Field(() => ID)
    coursePackageId!: string;
  }
  return Input;
}

export const CoursePackagePublishInput = CoursePackageLifecycleInputType("CoursePackagePublishInput", "Publishes a draft version.");
export const CoursePackageReviseInput = CoursePackageLifecycleInputType("CoursePackageReviseInput", "Starts the next version of the latest published version, as a draft.");
export const CoursePackageRetireInput = CoursePackageLifecycleInputType("CoursePackageRetireInput", "Retires a published version.");

@InputType({ description: "Narrows a package search; all given conditions must hold." })
export class CoursePackageFilter {
  @Field(() => String, { nullable: true, description: "Substring of the code, Chinese or English title, occupation or certificate; case-insensitive." })
  text?: string | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => [CatalogStatusEnum], { nullable: true, description: "Default: DRAFT and PUBLISHED (drafts only where the caller may see them)." })
  status?: CourseStatus[] | null;

  @Field(() => ID, { nullable: true, description: "Only packages containing this course." })
  courseId?: string | null;

  @Field(() => Boolean, { nullable: true })
  apprenticeship?: boolean | null;
}
