import { Field, ID, Int, ObjectType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { toGlobalId } from "../../graphql/global-id.js";
import { DateScalar, DecimalScalar } from "../../graphql/scalars.js";
import { ConnectionType } from "../../graphql/connection.js";
import { formatAmount, parseAmount } from "../ledger/amount.js";
import { Hours, hoursOf } from "../course/course.type.js";
import type { AchievementRow } from "./achievement.table.js";

@ObjectType({
  implements: Node,
  description: "A learner completed a course version at its organization on a date with a grade; recorded in the ledger. Visible to whoever may read the learner.",
})
export class Achievement implements Node {
  @Field(() => ID)
  id!: string;

  /** Database UUIDs; not exposed. */
  uuid!: string;
  learnerUuid!: string;
  organizationUuid!: string;
  courseUuid!: string;
  ledgerEntryUuid!: string;

  @Field(() => Int, { description: "The course version the learner took: the one in force on the completion day." })
  courseVersion!: number;

  @Field({ description: "The grade as the organization gave it." })
  grade!: string;

  @Field(() => DecimalScalar, { description: "The grade on the 0–100 scale, by the organization's grade scale when recorded." })
  normalizedGrade!: string;

  @Field(() => DateScalar)
  completedOn!: string;

  @Field(() => Hours, { description: "The course version's hours, which the learner's HOUR account was credited with." })
  hours!: Hours;

  @Field(() => DecimalScalar, { nullable: true, description: "The course version's credits, credited to the learner's CREDIT account; null when it has none." })
  credits!: string | null;

  @Field()
  recordedAt!: Date;
}

export const AchievementConnection = ConnectionType(Achievement, "Achievement");

export function toAchievement(row: AchievementRow): Achievement {
  return Object.assign(new Achievement(), {
    id: toGlobalId("Achievement", row.id),
    uuid: row.id,
    learnerUuid: row.learnerId,
    organizationUuid: row.organizationId,
    courseUuid: row.courseId,
    ledgerEntryUuid: row.ledgerEntryId,
    courseVersion: row.courseVersion,
    grade: row.grade,
    normalizedGrade: formatAmount(parseAmount(row.normalizedGrade)),
    completedOn: row.completedOn,
    hours: hoursOf(parseAmount(row.lectureHours), parseAmount(row.practiceHours)),
    credits: row.credits === null ? null : formatAmount(parseAmount(row.credits)),
    recordedAt: row.recordedAt,
  });
}
