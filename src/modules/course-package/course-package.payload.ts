import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { ConnectionType } from "../../graphql/connection.js";
import { CoursePackage } from "./course-package.type.js";

function CoursePackagePayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => CoursePackage, { nullable: true })
    coursePackage!: CoursePackage | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const CoursePackageCreatePayload = CoursePackagePayloadType("CoursePackageCreatePayload");
export const CoursePackageUpdatePayload = CoursePackagePayloadType("CoursePackageUpdatePayload");
export const CoursePackagePublishPayload = CoursePackagePayloadType("CoursePackagePublishPayload");
export const CoursePackageRevisePayload = CoursePackagePayloadType("CoursePackageRevisePayload");
export const CoursePackageRetirePayload = CoursePackagePayloadType("CoursePackageRetirePayload");
export const CoursePackageConnection = ConnectionType(CoursePackage, "CoursePackage");
