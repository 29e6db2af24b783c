// The courses the equivalence rules name, numbered: rules keep a 4-byte number
// per course they name instead of an array of ID strings, and each course keeps
// its hours (for FROM_HOURS credits) as two small numbers instead of an object
// with two decimal strings. 300,000 rules name the same 100,000 courses over
// and over.
import type { SourceCourse } from "../transfer/rule-evaluation.js";
import type { GraphCourse } from "./equivalence-graph.js";

/** What the table keeps of a course row. */
export type CourseHours = Pick<GraphCourse, "id" | "lectureHours" | "practiceHours">;

const INITIAL_CAPACITY = 1_024;
// In the hours columns: the course's row has not been loaded (or does not exist).
const NO_HOURS = -1;

export class CourseTable {
  private readonly numbers = new Map<string, number>();
  private readonly ids: string[] = [];
  /** Each distinct amount of hours once ("32.00"): courses share a handful of them. */
  private readonly amounts: string[] = [];
  private readonly amountNumbers = new Map<string, number>();
  private lectureHours = new Int32Array(INITIAL_CAPACITY).fill(NO_HOURS);
  private practiceHours = new Int32Array(INITIAL_CAPACITY).fill(NO_HOURS);
  private withHours = 0;

  /** Courses whose hours are known. */
  get size(): number {
    return this.withHours;
  }

  /** The course's number, given on first sight. */
  intern(courseId: string): number {
    const known = this.numbers.get(courseId);
    if (known !== undefined) return known;
    const course = this.ids.length;
    this.ids.push(courseId);
    this.numbers.set(courseId, course);
    if (course === this.lectureHours.length) this.grow();
    return course;
  }

  /** The course's number; undefined when no rule or loaded course named it. */
  find(courseId: string): number | undefined {
    return this.numbers.get(courseId);
  }

  idOf(course: number): string {
    return this.ids[course];
  }

  /** Records (or updates) the hours of a course. */
  store(course: CourseHours): void {
    const number = this.intern(course.id);
    if (this.lectureHours[number] === NO_HOURS) this.withHours += 1;
    this.lectureHours[number] = this.amount(course.lectureHours);
    this.practiceHours[number] = this.amount(course.practiceHours);
  }

  hasHours(courseId: string): boolean {
    const course = this.numbers.get(courseId);
    return course !== undefined && this.lectureHours[course] !== NO_HOURS;
  }

  /** The course with its hours; undefined when they are not known. */
  hours(courseId: string): SourceCourse | undefined {
    const course = this.numbers.get(courseId);
    if (course === undefined || this.lectureHours[course] === NO_HOURS) return undefined;
    return { courseId, lectureHours: this.amounts[this.lectureHours[course]], practiceHours: this.amounts[this.practiceHours[course]] };
  }

  /** Courses named by rules whose hours are not known yet. */
  idsWithoutHours(): string[] {
    return this.ids.filter((_, course) => this.lectureHours[course] === NO_HOURS);
  }

  private amount(hours: string): number {
    const known = this.amountNumbers.get(hours);
    if (known !== undefined) return known;
    this.amounts.push(hours);
    this.amountNumbers.set(hours, this.amounts.length - 1);
    return this.amounts.length - 1;
  }

  private grow(): void {
    const grown = (column: Int32Array) => {
      const larger = new Int32Array(column.length * 2).fill(NO_HOURS);
      larger.set(column);
      return larger;
    };
    this.lectureHours = grown(this.lectureHours);
    this.practiceHours = grown(this.practiceHours);
  }
}
