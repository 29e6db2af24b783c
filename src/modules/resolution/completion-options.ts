// Which further courses would complete a rule's source: the basis of "what do I
// still need?" in transfer plans and recommendations. Pure, no database.
import type { RuleSource, SourceGroup } from "../transfer/rule-evaluation.js";

// Plans look one or two courses ahead: further out, the combinations explode and the advice blurs.
export const MAX_FURTHER_COURSES = 2;

/** The minimal sets of further courses that complete one group: nothing, all missing AND courses, or any one OR alternative. */
function groupOptions(group: SourceGroup, completed: ReadonlySet<string>): string[][] {
  const missing = group.courseIds.filter((id) => !completed.has(id));
  if (group.courseIds.length === 0) return [];
  if (group.conjunction === "AND") return [missing];
  return missing.length < group.courseIds.length ? [[]] : missing.map((id) => [id]);
}

/** Every union of one option per group, dropping any that needs more than `limit` courses as soon as it does. */
function allOf(perGroup: string[][][], limit: number): string[][] {
  let combined: string[][] = [[]];
  for (const options of perGroup) {
    const next: string[][] = [];
    for (const partial of combined) {
      for (const option of options) {
        const union = [...new Set([...partial, ...option])];
        if (union.length <= limit) next.push(union);
      }
    }
    combined = next;
  }
  return combined;
}

/** Without repeats, without any set that contains another (it would not be minimal), smallest first, then by IDs. */
function minimal(sets: string[][]): string[][] {
  const unique = new Map(sets.map((set) => [[...set].sort().join(","), [...set].sort()]));
  const sorted = [...unique.values()].sort((a, b) => a.length - b.length || a.join(",").localeCompare(b.join(",")));
  return sorted.filter((set, index) => !sorted.slice(0, index).some((smaller) => smaller.length < set.length && smaller.every((id) => set.includes(id))));
}

/**
 * The minimal sets of at most `limit` further courses that would complete the
 * source, given the completed courses. Empty when the source is already
 * complete or needs more than `limit` further courses.
 */
export function completionOptions(source: RuleSource, completed: ReadonlySet<string>, limit = MAX_FURTHER_COURSES): string[][] {
  const perGroup = source.groups.map((group) => groupOptions(group, completed));
  const options = source.groupConjunction === "AND" ? allOf(perGroup, limit) : perGroup.flat().filter((option) => option.length <= limit);
  if (options.some((option) => option.length === 0)) return [];
  return minimal(options);
}
