import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: every entity has an opaque global ID that `node(id)` resolves. */
/** The GraphQL type of a Node value: the loaders tag plain rows with `__typename`; class instances name themselves. */
export const nodeTypeOf = (value: { __typename?: string; constructor: { name: string } }): string => value.__typename ?? value.constructor.name;

@InterfaceType("Node", { description: "An object with an opaque global ID.", resolveType: nodeTypeOf })
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID; pass it to `node(id)`." })
  id!: string;
}
