import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents for graphql-request, generated from the committed schema:
// the test suite's operations (test/operations) and the README's example
// operations (schema/examples).
const scalars = {
  ID: "string",
  Date: "string",
  DateTimeISO: "string",
  Decimal: "string",
  JSON: "unknown",
  JSONObject: "Record<string, unknown>",
  SafeInt: "number",
};

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  ignoreNoDocuments: true,
  generates: {
    "test/generated/operations.ts": {
      documents: ["test/operations/**/*.graphql"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: { strictScalars: true, scalars, enumType: "string-literal", useTypeImports: true },
    },
    // The typed client SDK that frontends import as "ronghe/client" (committed).
    "src/client/operations.ts": {
      documents: ["schema/examples/**/*.graphql"],
      plugins: ["typescript-operations", "typed-document-node"],
      config: { strictScalars: true, scalars, enumType: "string-literal", useTypeImports: true },
    },
  },
};

export default config;
