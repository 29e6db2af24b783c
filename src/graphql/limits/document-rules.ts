import { Kind, type SelectionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import type { QueryLimits } from "../../config/config.js";
import { queryTooComplex } from "./refusals.js";

/** The document-shape limits as graphql-js validation rules. */
export function documentRules(limits: QueryLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases), maxDirectivesRule(limits.maxDirectives)];
}

/**
 * Refuses an operation whose fields nest deeper than `max`; a fragment counts
 * where it is spread. Introspection (`__schema`, `__type`) is exempt, as in
 * graphql-armor: the explorer's own introspection query is 15 levels deep, and
 * the token and cost limits still bound it.
 */
export function maxDepthRule(max: number): ValidationRule {
  return (context) => {
    const depthOf = fragmentAwareDepth(context);
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > max) context.reportError(queryTooComplex("depth", max, depth, [operation]));
      },
    };
  };
}

function fragmentAwareDepth(context: ValidationContext) {
  // Memoised per fragment: a fragment spread many times is measured once.
  const fragmentDepths = new Map<string, number>();
  // Fragment cycles are reported by graphql-js's NoFragmentCyclesRule; here they only must not recurse forever.
  const visiting = new Set<string>();

  const fragmentDepth = (name: string): number => {
    const known = fragmentDepths.get(name);
    if (known !== undefined) return known;
    const fragment = context.getFragment(name);
    if (!fragment || visiting.has(name)) return 0;
    visiting.add(name);
    const depth = setDepth(fragment.selectionSet);
    visiting.delete(name);
    fragmentDepths.set(name, depth);
    return depth;
  };

  const selectionDepth = (selection: SelectionNode): number => {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value.startsWith("__")) return 0;
        return 1 + (selection.selectionSet ? setDepth(selection.selectionSet) : 0);
      case Kind.INLINE_FRAGMENT:
        return setDepth(selection.selectionSet);
      case Kind.FRAGMENT_SPREAD:
        return fragmentDepth(selection.name.value);
    }
  };

  const setDepth = (set: SelectionSetNode): number => Math.max(0, ...set.selections.map(selectionDepth));
  return setDepth;
}

/** Refuses a document with more than `max` aliased fields: aliases let one request ask for the same expensive field many times. */
export function maxAliasesRule(max: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > max) context.reportError(queryTooComplex("aliases", max, aliases));
        },
      },
    };
  };
}

/** Refuses a document with more than `max` directives: repeated directives inflate validation work without adding data. */
export function maxDirectivesRule(max: number): ValidationRule {
  return (context) => {
    let directives = 0;
    return {
      Directive() {
        directives += 1;
      },
      Document: {
        leave() {
          if (directives > max) context.reportError(queryTooComplex("directives", max, directives));
        },
      },
    };
  };
}
