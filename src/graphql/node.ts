import { Field, ID, InterfaceType } from "type-graphql";

/** Relay's Node: every entity has an opaque global ID that `node(id)` resolves. */
@InterfaceType("Node", {
  description: "An object with an opaque global ID.",
  resolveType: (value: { __typename?: string; constructor: { name: string } }) => value.__typename ?? value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID; pass it to `node(id)`." })
  id!: string;
}
