import { getVariableValues, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import type { QueryLimits } from "../../config/config.js";
import type { Viewer } from "../../auth/viewer.js";
import { documentRules } from "./document-rules.js";
import { queryCost } from "./cost.js";
import { queryTooComplex, rateLimited } from "./refusals.js";
import type { CostBudget } from "./cost-budget.js";

/** What every response reports in `extensions.cost`. `remainingBudget` is null when no budget is configured. */
export interface CostReport {
  requested: number;
  limit: number;
  remainingBudget: number | null;
}

/** What the plugin needs from the request context: who pays. */
export interface PayerContext {
  viewer: Viewer;
  clientAddress: string;
}

/**
 * Enforces the query limits once Apollo has parsed and validated a document:
 * depth, aliases and directives, then the operation's cost, then the caller's
 * cost budget. Refusals are top-level errors (QUERY_TOO_COMPLEX, HTTP 400;
 * RATE_LIMITED, HTTP 429). The cost goes into `extensions.cost`.
 */
export function queryLimitsPlugin<TContext extends PayerContext>(limits: QueryLimits, budget: CostBudget | null): ApolloServerPlugin<TContext> {
  const rules = documentRules(limits);
  // Apollo hands back the same document object for a query it has seen, so its shape is checked once.
  const shapeRefusals = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  const shapeRefusalsOf = (schema: GraphQLSchema, document: DocumentNode) => {
    let refusals = shapeRefusals.get(document);
    if (!refusals) shapeRefusals.set(document, (refusals = validate(schema, document, rules)));
    return refusals;
  };

  return {
    async requestDidStart() {
      let report: CostReport | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          const [refusal] = shapeRefusalsOf(schema, document);
          if (refusal) throw refusal;
          if (!operation) return;
          const requested = queryCost(schema, document, operation, coercedVariables(schema, operation, request.variables));
          report = { requested, limit: limits.maxCost, remainingBudget: null };
          if (requested > limits.maxCost) throw queryTooComplex("cost", limits.maxCost, requested, [operation]);
          if (!budget) return;
          const charge = budget.charge(payerOf(contextValue), requested);
          report.remainingBudget = charge.remaining;
          if (!charge.granted) throw rateLimited(charge.retryAfterSeconds, requested);
        },
        async willSendResponse({ response }) {
          if (!report || response.body.kind !== "single") return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
        },
      };
    },
  };
}

/** Token holders pay from their subject's budget; anonymous callers from their network address's. */
function payerOf(context: PayerContext): string {
  return context.viewer.actor ? `subject:${context.viewer.actor.subject}` : `address:${context.clientAddress}`;
}

function coercedVariables(schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {}, { maxErrors: 1 });
  // Variables that do not coerce fail the request before any field resolves: price it without them.
  return result.coerced ?? {};
}
