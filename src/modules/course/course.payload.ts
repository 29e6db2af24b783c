import { Field, ObjectType } from "type-graphql";
import { UserError } from "../../graphql/user-error.js";
import { ConnectionType } from "../../graphql/connection.js";
import { Course, CourseVersion } from "./course.type.js";

function CoursePayloadType(name: string) {
  @ObjectType(name)
  class Payload {
    @Field(() => Course, { nullable: true })
    course!: Course | null;

    @Field({ description: "True when this answer replays an earlier request with the same idempotency key." })
    replayed!: boolean;

    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  return Payload;
}

export const CourseCreatePayload = CoursePayloadType("CourseCreatePayload");
export const CourseUpdatePayload = CoursePayloadType("CourseUpdatePayload");
export const CoursePublishPayload = CoursePayloadType("CoursePublishPayload");
export const CourseRetirePayload = CoursePayloadType("CourseRetirePayload");
export const CourseConnection = ConnectionType(Course, "Course");
export const CourseVersionConnection = ConnectionType(CourseVersion, "CourseVersion");
