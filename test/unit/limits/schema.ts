import { buildSchema } from "graphql";

/** A small catalog-shaped schema: connections, lookups by ID, and a recursive field for deep queries. */
export const schema = buildSchema(`
  interface Node { id: ID! }
  type Query {
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    course(id: ID!): Course
    courses(first: Int, after: String): CourseConnection!
  }
  type Course implements Node {
    id: ID!
    title: String!
    related: Course
    prerequisites(first: Int): CourseConnection!
  }
  type CourseConnection { nodes: [Course!]! edges: [CourseEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type CourseEdge { cursor: String! node: Course! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
`);
