import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { CatalogStatusEnum } from "../course/course.type.js";
import type { CourseStatus } from "../course/course.table.js";
import type { CoursePackageItemRow, CoursePackageRow } from "./course-package.table.js";

@ObjectType("Certificate", { description: "The certificate a package prepares for, e.g. a 1+X vocational skill certificate." })
export class Certificate {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: "e.g. 初级, 中级, 高级." })
  level!: string | null;
}

@ObjectType("CoursePackage", {
  implements: Node,
  description:
    "One version of a provider's vocational training package (职业培训包). Published versions never change; `coursePackageRevise` starts the next version as a draft.",
})
export class CoursePackage implements Node {
  @Field(() => ID)
  id!: string;

  /** Database UUIDs; not exposed. */
  uuid!: string;
  lineageId!: string;
  organizationId!: string;

  @Field({ description: "Unique within the organization and the same in every version." })
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => CatalogStatusEnum, { description: "Publishing a newer version retires the previous one." })
  status!: CourseStatus;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  titleEn!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field({ description: "The target occupation, e.g. 工业机器人系统运维员." })
  occupation!: string;

  @Field(() => Certificate, { nullable: true })
  certificate!: Certificate | null;

  @Field({ description: "Apprenticeship-style: practice must be at least 50 % of the hours to publish (State Council 2017 No. 95 §15)." })
  apprenticeship!: boolean;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType("CoursePackageItem", { description: "One course of a package, in order." })
export class CoursePackageItem {
  @Field(() => Int, { description: "0-based." })
  position!: number;

  @Field({ description: "False for an elective." })
  required!: boolean;

  @Field(() => Int, { nullable: true, description: "The course version frozen when this package version was published; null in a draft." })
  courseVersion!: number | null;

  /** Not exposed: `course` resolves it; the frozen hours feed the package's hours. */
  courseId!: string;
  lectureHours!: string | null;
  practiceHours!: string | null;
}

export function toCoursePackage(row: CoursePackageRow): CoursePackage {
  return Object.assign(new CoursePackage(), {
    id: toGlobalId("CoursePackage", row.id),
    uuid: row.id,
    lineageId: row.lineageId,
    organizationId: row.organizationId,
    code: row.code,
    version: row.version,
    status: row.status,
    title: row.title,
    titleEn: row.titleEn,
    description: row.description,
    occupation: row.occupation,
    certificate: row.certificateName === null ? null : { name: row.certificateName, level: row.certificateLevel },
    apprenticeship: row.apprenticeship,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export function toCoursePackageItem(row: CoursePackageItemRow): CoursePackageItem {
  return Object.assign(new CoursePackageItem(), {
    position: row.position,
    required: row.required,
    courseVersion: row.courseVersion,
    courseId: row.courseId,
    lectureHours: row.lectureHours,
    practiceHours: row.practiceHours,
  });
}
