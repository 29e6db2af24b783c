import {
  getArgumentValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { DEFAULT_PAGE_SIZE } from "../connection.js";

type Variables = Record<string, unknown>;

/**
 * What running `operation` costs: every field costs 1, and the selection under
 * a field that returns many items counts once per item it can return —
 * a connection (a `first` argument and a `…Connection` type) by `first`
 * (default 20), a field taking an `ids` list by the list's length.
 * `__typename` is free. Fragments on different types all count: an upper bound,
 * because the cost is decided before anything runs. Expects a validated
 * document and coerced variables.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Variables): number {
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  // Memoised per fragment: a fragment spread many times is priced once, so pricing stays linear in the document.
  const fragmentCosts = new Map<string, number>();

  const selectionSetCost = (parent: GraphQLCompositeType, set: SelectionSetNode): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) cost += fieldCost(parent, selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) cost += selectionSetCost(conditionType(schema, selection.typeCondition?.name.value) ?? parent, selection.selectionSet);
      else cost += fragmentCost(selection.name.value);
    }
    return cost;
  };

  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    const type = conditionType(schema, fragment?.typeCondition.name.value);
    // Set before pricing, so a (rejected-by-validation) cycle ends instead of recursing.
    fragmentCosts.set(name, 0);
    const cost = fragment && type ? selectionSetCost(type, fragment.selectionSet) : 0;
    fragmentCosts.set(name, cost);
    return cost;
  };

  const fieldCost = (parent: GraphQLCompositeType, node: FieldNode): number => {
    if (node.name.value === "__typename") return 0;
    const field = fieldDefinition(schema, parent, node.name.value);
    const type = field && getNamedType(field.type);
    if (!field || !node.selectionSet || !isCompositeType(type)) return 1;
    return 1 + itemCount(field, node, variables) * selectionSetCost(type, node.selectionSet);
  };

  return Math.min(selectionSetCost(root, operation.selectionSet), Number.MAX_SAFE_INTEGER);
}

/** How many items a field's selection can resolve for: `first` for connections, the `ids` count for lookups by ID, otherwise one. */
function itemCount(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number {
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail the request before any field resolves.
    return 1;
  }
  if (getNamedType(field.type).name.endsWith("Connection") && field.args.some((arg) => arg.name === "first")) {
    const first = args.first;
    // A negative `first` is refused by the connection and resolves nothing.
    return typeof first === "number" ? Math.max(first, 0) : DEFAULT_PAGE_SIZE;
  }
  return Array.isArray(args.ids) ? args.ids.length : 1;
}

function conditionType(schema: GraphQLSchema, name: string | undefined): GraphQLCompositeType | undefined {
  const type = name === undefined ? undefined : schema.getType(name);
  return isCompositeType(type) ? type : undefined;
}

function fieldDefinition(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}
