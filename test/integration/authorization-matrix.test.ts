import type { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isObjectType, type GraphQLSchema } from "graphql";
import { startTestServer, execute, ok, errorCodes, type TestServer } from "../support/server.js";
import { aDraftCourse, aDraftPackage, type Member } from "../support/course-factories.js";
import { aLearner, anAchievement, asLearner } from "../support/learner-factories.js";
import { aProposalInput, aProposedAgreement } from "../support/agreement-factories.js";
import { aCompletedLearner, aGrantedTransfer, anOpenAppeal, aWorld, databaseFingerprint, mutationDocument, servedSchema, MUTATION_FACTORIES, type Prepared, type World } from "../support/mutation-factories.js";
import { LedgerEntriesDocument } from "../generated/operations.js";

// Who may call what. Every mutation runs as each caller below, with a valid input
// built for that call, and the outcome is compared with the table: "+" means the
// mutation ran (no top-level error and no userErrors); "-" means it was refused
// with UNAUTHENTICATED (anonymous) or FORBIDDEN (everyone else) and wrote nothing;
// "0" means the caller cannot see what it names (another organization's draft is
// NOT_FOUND, so its existence does not leak) and nothing was written.
// A mutation added to the schema fails this file until it has a row.

const ROLES = ["anonymous", "learner", "providerOwn", "providerOther", "registrarOwn", "registrarOther", "admin"] as const;
type Role = (typeof ROLES)[number];

/**
 * "Own" means of the organization that owns what the mutation changes: the course's,
 * the learner's, the scale's; for agreements the provider and university parties. The
 * learner is one of the owning organization's (for consents: the learner consenting).
 */
interface Row {
  cells: string;
  /** Whose registrar "registrarOwn" is when the owner is a training provider (packages belong to providers only). */
  registrarOf?: "provider";
}
const row = (cells: string, options: Omit<Row, "cells"> = {}): Row => ({ cells, ...options });

const MUTATIONS: Record<string, Row> = {
  //                          anon   lrnr   P-own  P-oth  R-own  R-oth  admin
  organizationCreate:    row("-      -      -      -      -      -      +"),
  organizationUpdate:    row("-      -      -      -      -      -      +"),
  courseCreate:          row("-      -      +      -      +      -      +"),
  courseUpdate:          row("-      -      +      0      +      0      +"),
  coursePublish:         row("-      -      +      0      +      0      +"),
  courseRetire:          row("-      -      +      -      +      -      +"),
  coursePackageCreate:   row("-      -      +      -      +      -      +", { registrarOf: "provider" }),
  coursePackageUpdate:   row("-      -      +      0      +      0      +", { registrarOf: "provider" }),
  coursePackagePublish:  row("-      -      +      0      +      0      +", { registrarOf: "provider" }),
  coursePackageRevise:   row("-      -      +      -      +      -      +", { registrarOf: "provider" }),
  coursePackageRetire:   row("-      -      +      -      +      -      +", { registrarOf: "provider" }),
  gradeScaleSet:         row("-      -      +      -      +      -      +"),
  learnerRegister:       row("-      -      +      -      +      -      +"),
  learnerLink:           row("-      -      +      -      +      -      +"),
  learnerConsentGrant:   row("-      +      -      -      -      -      -"),
  learnerConsentRevoke:  row("-      +      -      -      -      -      -"),
  achievementRecord:     row("-      -      +      -      +      -      +"),
  achievementsRecord:    row("-      -      +      -      +      -      +"),
  // Admins do not sign for organizations: only parties negotiate.
  agreementPropose:      row("-      -      +      -      +      -      -"),
  agreementAmend:        row("-      -      +      -      +      -      -"),
  agreementApprove:      row("-      -      +      -      +      -      -"),
  agreementSuspend:      row("-      -      +      -      +      -      -"),
  agreementResume:       row("-      -      +      -      +      -      -"),
  agreementTerminate:    row("-      -      +      -      +      -      -"),
  // The receiving university's registrar decides; the learner or a sending organization appeals.
  creditTransfer:        row("-      -      -      -      +      -      -"),
  creditTransferReverse: row("-      -      -      -      +      -      -"),
  transferAppeal:        row("-      +      +      -      -      -      -"),
  transferAppealDecide:  row("-      -      -      -      +      -      -"),
  // The learner, or the organization's own registrars and providers (who must be able to read the learner); admins.
  creditStatementIssue:  row("-      +      +      -      +      -      +"),
  importRun:             row("-      -      +      -      +      -      +"),
  signingKeyRotate:      row("-      -      -      -      -      -      +"),
  ledgerSeal:            row("-      -      -      -      -      -      +"),
};

/** Queries anyone may call; what they return is filtered by the rows of QUERIES and NODE_TYPES below. */
const PUBLIC_QUERIES = [
  "agreements",
  "coursePackages",
  "courses",
  "ledgerCheckpoint",
  "ledgerCheckpoints",
  "ledgerConsistencyProof",
  "ledgerInclusionProof",
  "ledgerLeafHashes",
  "ledgerUnitTotals",
  "node",
  "nodes",
  "organizations",
  "viewer",
  "agreementExport", // the agreement as node(id) shows it
  "creditStatementVerify",
  "equivalences",
  "recognitionStatistics", // counts only, for third-party evaluation
  "signingKeys",
];

/** Node types anyone may read once published or in force; the others only where a row of QUERIES says. */
const NODE_TYPES: Record<string, "public" | string> = {
  University: "public",
  TrainingProvider: "public",
  Course: "public once published; drafts: node(draft Course)",
  CoursePackage: "public once published; drafts: node(draft CoursePackage)",
  Agreement: "public once in force; proposals: node(proposed Agreement)",
  EquivalenceRule: "public once in force (with its agreement)",
  Learner: "node(Learner)",
  Achievement: "node(Achievement)",
  LedgerEntry: "ledgerEntry",
  CreditTransfer: "node(CreditTransfer)",
  TransferAppeal: "node(TransferAppeal)",
};

interface QueryCase {
  query: string;
  variables: Record<string, unknown>;
  learnerId?: string;
  /** True when the answer shows the case's data. */
  sees(data: Record<string, unknown>): boolean;
}
type QueryFactory = (world: World, owner: Member) => Promise<QueryCase>;

/** A learner of the owner with one achievement, and that achievement's journal entry. */
async function aLearnerWithRecord(world: World, owner: Member) {
  const learner = await aLearner(owner);
  const course = owner.organizationId === world.university.organizationId ? world.universityCourses[0] : world.providerCourses[0];
  const achievementId = await anAchievement(owner, learner.id, course);
  const { ledgerEntries } = await ok(world.admin, LedgerEntriesDocument, { first: 10, filter: { learnerId: learner.id } });
  return { learner, achievementId, entryId: ledgerEntries.nodes[0].id };
}

const nodeCase = (id: string, learnerId?: string): QueryCase => ({ query: "query($id: ID!) { node(id: $id) { id } }", variables: { id }, learnerId, sees: (data) => data.node !== null });

const QUERIES: Record<string, { cells: string; registrarOf?: "provider"; prepare: QueryFactory }> = {
  // "+" sees it, "0" gets null or nothing, "-" refused (UNAUTHENTICATED, or FORBIDDEN for a token)
  //       anon   lrnr   P-own  P-oth  R-own  R-oth  admin
  learner: {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner } = await aLearnerWithRecord(world, owner);
      return {
        query: "query($organizationId: ID!, $externalRef: String!) { learner(organizationId: $organizationId, externalRef: $externalRef) { id } }",
        variables: { organizationId: owner.organizationId, externalRef: learner.externalRef },
        learnerId: learner.id,
        sees: (data) => data.learner !== null,
      };
    },
  },
  ledgerEntries: {
    cells: "-      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner } = await aLearnerWithRecord(world, owner);
      return {
        query: "query($learnerId: ID!) { ledgerEntries(first: 10, filter: { learnerId: $learnerId }) { totalCount } }",
        variables: { learnerId: learner.id },
        learnerId: learner.id,
        sees: (data) => (data.ledgerEntries as { totalCount: number }).totalCount > 0,
      };
    },
  },
  ledgerEntry: {
    cells: "-      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner, entryId } = await aLearnerWithRecord(world, owner);
      return { query: "query($id: ID!) { ledgerEntry(id: $id) { id } }", variables: { id: entryId }, learnerId: learner.id, sees: (data) => data.ledgerEntry !== null };
    },
  },
  "node(Learner)": {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner } = await aLearnerWithRecord(world, owner);
      return nodeCase(learner.id, learner.id);
    },
  },
  "node(Achievement)": {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner, achievementId } = await aLearnerWithRecord(world, owner);
      return nodeCase(achievementId, learner.id);
    },
  },
  transferEvaluation: {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world) => {
      const { learner } = await aCompletedLearner(world);
      return {
        query: "query($input: TransferEvaluationInput!) { transferEvaluation(input: $input) { on } }",
        variables: { input: { learnerId: learner.id, targetOrganizationId: world.university.organizationId } },
        learnerId: learner.id,
        sees: (data) => data.transferEvaluation !== null,
      };
    },
  },
  transferPlan: {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world) => {
      const { learner } = await aCompletedLearner(world);
      return {
        query: "query($input: TransferPlanInput!) { transferPlan(input: $input) { __typename } }",
        variables: { input: { learnerId: learner.id, targetOrganizationId: world.university.organizationId } },
        learnerId: learner.id,
        sees: (data) => data.transferPlan !== null,
      };
    },
  },
  // By learnerId; by courseIds it is public.
  recommendations: {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world) => {
      const { learner } = await aCompletedLearner(world);
      return {
        query: "query($input: RecommendationsInput!) { recommendations(input: $input) { __typename } }",
        variables: { input: { learnerId: learner.id } },
        learnerId: learner.id,
        sees: (data) => data.recommendations !== null,
      };
    },
  },
  transcriptExport: {
    cells: "-      +      +      0      +      0      +",
    prepare: async (world, owner) => {
      const { learner } = await aLearnerWithRecord(world, owner);
      return {
        query: "query($learnerId: ID!, $organizationId: ID!) { transcriptExport(learnerId: $learnerId, organizationId: $organizationId, format: CSV) { fileName } }",
        variables: { learnerId: learner.id, organizationId: owner.organizationId },
        learnerId: learner.id,
        sees: (data) => data.transcriptExport !== null,
      };
    },
  },
  "node(CreditTransfer)": {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world) => {
      const { learner, transferId } = await aGrantedTransfer(world);
      return nodeCase(transferId, learner.id);
    },
  },
  "node(TransferAppeal)": {
    cells: "0      +      +      0      +      0      +",
    prepare: async (world) => {
      const { learner, appealId } = await anOpenAppeal(world);
      return nodeCase(appealId, learner.id);
    },
  },
  "node(draft Course)": {
    cells: "0      0      +      0      +      0      +",
    prepare: async (world, owner) => nodeCase(await aDraftCourse(owner, owner.organizationId === world.university.organizationId ? { credits: "2" } : {})),
  },
  "node(draft CoursePackage)": {
    cells: "0      0      +      0      +      0      +",
    registrarOf: "provider",
    prepare: async (world, owner) => nodeCase(await aDraftPackage(owner, [world.providerCourses[0]])),
  },
  "node(proposed Agreement)": {
    cells: "0      0      +      0      +      0      +",
    prepare: async (world) => nodeCase((await aProposedAgreement(world.university, aProposalInput(world))).id),
  },
};

let server: TestServer;
let world: World;
let schema: GraphQLSchema;
const learnersOf = new Map<string, string>();

beforeAll(async () => {
  // No background sealing: every table must stay still while a refused call is checked.
  server = await startTestServer({ SEALER_INTERVAL_MS: "0" });
  world = await aWorld(server);
  schema = await servedSchema(server);
});
afterAll(() => server?.stop());

const parse = (cells: string) => Object.fromEntries(cells.trim().split(/\s+/).map((cell, i) => [ROLES[i], cell])) as Record<Role, string>;

/** The organization whose "own" registrar or provider acts, and which owns the case's data. */
function ownerFor(role: Role, registrarOf: "provider" | undefined): Member {
  return role === "registrarOwn" && registrarOf !== "provider" ? world.university : world.provider;
}

async function clientAs(role: Role, owner: Member, learnerId: string | undefined): Promise<GraphQLClient> {
  switch (role) {
    case "anonymous":
      return server.client();
    case "learner":
      return asLearner(server, learnerId ?? (await aLearnerOf(owner)));
    case "providerOwn":
      return world.clientFor("provider", owner.organizationId);
    case "registrarOwn":
      return world.clientFor("registrar", owner.organizationId);
    case "providerOther":
      return world.clientFor("provider", world.otherProvider.organizationId);
    case "registrarOther":
      return world.clientFor("registrar", world.otherUniversity.organizationId);
    case "admin":
      return world.admin;
  }
}

async function aLearnerOf(owner: Member): Promise<string> {
  if (!learnersOf.has(owner.organizationId)) learnersOf.set(owner.organizationId, (await aLearner(owner)).id);
  return learnersOf.get(owner.organizationId)!;
}

/** Runs one mutation as `role` and describes the outcome in the table's terms ("+", "-", "0", or what went wrong). */
async function mutationOutcome(mutation: string, role: Role, registrarOf: "provider" | undefined): Promise<string> {
  const owner = ownerFor(role, registrarOf);
  const prepared: Prepared = await MUTATION_FACTORIES[mutation](world, owner);
  const client = await clientAs(role, owner, prepared.learnerId);
  const before = await databaseFingerprint(server);
  const result = await execute(client, mutationDocument(schema, mutation), prepared.input ? { input: prepared.input } : {});
  const codes = errorCodes(result);
  const userErrors = codes.length === 0 ? (result.data as Record<string, { userErrors: { code: string }[] }>)[mutation].userErrors.map((error) => error.code) : [];
  if (codes.length === 0 && userErrors.length === 0) return "+";
  const expectedCode = role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN";
  const outcome =
    codes.length > 0
      ? codes.join() === expectedCode
        ? "-"
        : `refused with ${codes.join(",")} instead of ${expectedCode}: ${result.errors[0]?.message}`
      : userErrors.join() === "NOT_FOUND"
        ? "0"
        : `userErrors ${userErrors.join(",")}`;
  const after = await databaseFingerprint(server);
  const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
  return changed.length === 0 ? outcome : `${outcome} but wrote to ${changed.join(", ")}`;
}

async function queryOutcome(name: string, role: Role): Promise<string> {
  const entry = QUERIES[name];
  const owner = ownerFor(role, entry.registrarOf);
  const prepared = await entry.prepare(world, owner);
  const result = await execute(await clientAs(role, owner, prepared.learnerId), prepared.query, prepared.variables);
  const codes = errorCodes(result);
  if (codes.length > 0) return codes.join() === (role === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN") ? "-" : `refused with ${codes.join(",")}`;
  return prepared.sees(result.data as Record<string, unknown>) ? "+" : "0";
}

describe("the authorization table", () => {
  it("has a row for every mutation of the schema, and no row for a mutation that is gone", () => {
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  it("classifies every query as public or restricted", () => {
    const restricted = Object.keys(QUERIES).filter((name) => !name.startsWith("node("));
    expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual([...PUBLIC_QUERIES, ...restricted].sort());
  });

  it("sees a write in the database fingerprint, so a refusal that wrote would show", async () => {
    const before = await databaseFingerprint(server);
    await aLearner(world.provider);
    const after = await databaseFingerprint(server);
    expect(Object.keys(after).filter((table) => after[table] !== before[table]).sort()).toEqual(["learner", "learner_external_ref"]);
  });

  it("classifies every type that node(id) can return", () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter((type) => isObjectType(type) && type.getInterfaces().some((each) => each.name === "Node"));
    expect(nodeTypes.map((type) => type.name).sort()).toEqual(Object.keys(NODE_TYPES).sort());
  });
});

describe("mutations", () => {
  for (const [mutation, { cells, registrarOf }] of Object.entries(MUTATIONS)) {
    it(`${mutation}: ${cells.trim().split(/\s+/).join(" ")} (anonymous, learner, provider own/other, registrar own/other, admin)`, async () => {
      const actual: Record<string, string> = {};
      for (const role of ROLES) actual[role] = await mutationOutcome(mutation, role, registrarOf);
      expect(actual).toEqual(parse(cells));
    });
  }
});

describe("restricted reads", () => {
  for (const [name, { cells }] of Object.entries(QUERIES)) {
    it(`${name}: ${cells.trim().split(/\s+/).join(" ")}`, async () => {
      const actual: Record<string, string> = {};
      for (const role of ROLES) actual[role] = await queryOutcome(name, role);
      expect(actual).toEqual(parse(cells));
    });
  }
});
