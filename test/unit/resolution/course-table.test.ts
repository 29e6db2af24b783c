import { describe, expect, it } from "vitest";
import { CourseTable } from "../../../src/modules/resolution/course-table.js";

describe("CourseTable", () => {
  it("numbers each course once and knows the hours only of the courses stored", () => {
    const courses = new CourseTable();
    const p1 = courses.intern("p1");
    expect([courses.intern("p2"), courses.intern("p1"), courses.find("p1"), courses.find("x")]).toEqual([p1 + 1, p1, p1, undefined]);
    courses.store({ id: "p2", lectureHours: "32.00", practiceHours: "16.00" });
    expect([courses.hours("p2"), courses.hours("p1"), courses.size, courses.idsWithoutHours()]).toEqual([
      { courseId: "p2", lectureHours: "32.00", practiceHours: "16.00" },
      undefined,
      1,
      ["p1"],
    ]);
  });

  it("keeps the latest hours of a course stored twice, counting it once", () => {
    const courses = new CourseTable();
    courses.store({ id: "p1", lectureHours: "32.00", practiceHours: "16.00" });
    courses.store({ id: "p1", lectureHours: "48.00", practiceHours: "0.00" });
    expect([courses.hours("p1"), courses.size]).toEqual([{ courseId: "p1", lectureHours: "48.00", practiceHours: "0.00" }, 1]);
  });

  it("grows past its initial capacity without losing hours", () => {
    const courses = new CourseTable();
    for (let index = 0; index < 3_000; index += 1) courses.store({ id: `c${index}`, lectureHours: `${index % 7}.00`, practiceHours: "8.00" });
    expect([courses.size, courses.hours("c0")?.lectureHours, courses.hours("c2999")?.lectureHours, courses.idsWithoutHours()]).toEqual([3_000, "0.00", "3.00", []]);
  });
});
