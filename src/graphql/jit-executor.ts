// graphql-js interprets the document tree anew for every request and every
// object of the response: for a response of hundreds of objects (three-hop
// equivalences) that walk dominates the server's CPU. graphql-jit compiles each
// operation once into a JavaScript function that calls the same resolvers
// (measured at scale 1: 34 → 23 ms per three-hop request; a `node` lookup, whose
// cost is elsewhere, is unchanged). Apollo Server accepts a replacement executor only through its
// gateway interface, so this is a "gateway" that serves our own schema.
//
// Parsing, validation, the query limits and every plugin still run in Apollo
// first; only execution changes. Apollo's document store hands back the same
// DocumentNode for a query text it has seen, so compiled operations are kept
// per DocumentNode and leave with it.
import { GraphQLError, execute, getVariableValues, isAbstractType, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type Data = Record<string, unknown>;
type Compiled = CompiledQuery<Data, Data> | ExecutionResult<Data>;

export function jitGateway(schema: GraphQLSchema): Gateway {
  assertSynchronousTypeResolvers(schema);
  const compiledByDocument = new WeakMap<DocumentNode, Map<string | null, Compiled>>();
  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    let byOperation = compiledByDocument.get(document);
    if (!byOperation) compiledByDocument.set(document, (byOperation = new Map()));
    let compiled = byOperation.get(operationName);
    // Resolver errors are reported with their message and path; their stack is logged from the original error.
    if (!compiled) byOperation.set(operationName, (compiled = compileQuery<Data, Data>(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true })));
    return compiled;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        executor: ({ document, operation, operationName, request, context }) =>
          executeCompiled(schema, compiledFor(document, operationName), { document, operation, operationName, variables: request.variables ?? {}, context }),
      };
    },
    async stop() {},
  };
}

interface Execution {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  variables: Record<string, unknown>;
  context: unknown;
}

async function executeCompiled(schema: GraphQLSchema, compiled: Compiled, { document, operation, operationName, variables, context }: Execution): Promise<ExecutionResult<Data>> {
  const result = isCompiledQuery(compiled) ? await compiled.query(undefined, context, variables) : compiled;
  if (!result.errors) return result;
  if (result.data !== undefined) return { ...result, errors: result.errors.map(asGraphQLJsError) };
  // No data: graphql-jit refused the variables (or could not compile the operation).
  // graphql-js has the last word: its errors carry the variable's node, which Apollo
  // needs to answer BAD_USER_INPUT with HTTP 400; and where it accepts the variables
  // (graphql-jit does not apply the default of a non-null input field left out), it executes.
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coercion.errors) return { errors: coercion.errors };
  return (await execute({ schema, document, operationName, contextValue: context, variableValues: variables })) as ExecutionResult<Data>;
}

/**
 * graphql-jit builds its errors without `extensions` unless the original error
 * has some; Apollo's error formatting (and ours) expects graphql-js errors.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  return Object.assign(converted, { locations: error.locations });
}

/** graphql-jit uses what resolveType returns as the type name and does not await it: a promise would fail every such field. */
function assertSynchronousTypeResolvers(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && type.resolveType?.constructor.name === "AsyncFunction") {
      throw new Error(`${type.name}.resolveType is async; graphql-jit needs it to return the type name synchronously`);
    }
  }
}
