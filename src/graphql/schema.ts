import "reflect-metadata";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { NodeResolver } from "./node.resolver.js";
import { ViewerResolver } from "../auth/viewer.resolver.js";
import { OrganizationResolver } from "../modules/organization/organization.resolver.js";
import { University, TrainingProvider } from "../modules/organization/organization.type.js";


/** Builds the executable schema from every module's resolvers. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [NodeResolver, ViewerResolver, OrganizationResolver],
    // Concrete types reachable only through interfaces must be listed.
    orphanedTypes: [University, TrainingProvider],
    validate: false,
  });
}
