// How a rule's courses are written in one spreadsheet cell, shared by the
// rules import and the agreement CSV export so that one reads what the other
// writes: groups separated by ";", inside a group "+" (all needed) or "/"
// (any one), and "CODE@ORGANIZATION-CODE" for a course of another
// organization than the row's.
import type { Conjunction } from "../transfer/rule-evaluation.js";

/** Between course groups; the full-width "；" of Chinese input methods too. */
export const GROUP_SEPARATOR = /[;；]/;
export const QUALIFIER = "@";

export interface CourseCode {
  code: string;
  organizationCode: string;
}

function formatCourse(course: CourseCode, rowOrganizationCode: string): string {
  return course.organizationCode === rowOrganizationCode ? course.code : `${course.code}${QUALIFIER}${course.organizationCode}`;
}

/** One group as a cell fragment: "A+B" or "A/B". */
export function formatGroup(group: { conjunction: Conjunction; courses: CourseCode[] }, rowOrganizationCode: string): string {
  return group.courses.map((course) => formatCourse(course, rowOrganizationCode)).join(group.conjunction === "OR" ? "/" : "+");
}

/** Several groups (source side) or one list of courses (target side, all of them). */
export function formatGroups(groups: { conjunction: Conjunction; courses: CourseCode[] }[], rowOrganizationCode: string): string {
  return groups.map((group) => formatGroup(group, rowOrganizationCode)).join(";");
}
