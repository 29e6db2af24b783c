import type { GraphQLClient } from "graphql-request";
import { sql } from "drizzle-orm";
import { buildClientSchema, getIntrospectionQuery, getNamedType, isInputObjectType, isNonNullType, type GraphQLField, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { ok, type TestServer } from "./server.js";
import { aMember, aCourseInput, aDraftCourse, aDraftPackage, aPackageInput, aPublishedCourse, aPublishedPackage, type Member } from "./course-factories.js";
import { aLearner, anAchievement, anAchievementInput, asLearner, consentTo } from "./learner-factories.js";
import { aKey, aProposalInput, aProposedAgreement, anActiveAgreement, today, type Bilateral } from "./agreement-factories.js";
import { aCompletion, aConsentingLearner, aTransferInput, transfer } from "./transfer-factories.js";
import { aUniversityInput } from "./factories.js";
import { AgreementSuspendDocument, TransferAppealDocument } from "../generated/operations.js";

// Valid inputs for every mutation, built over the GraphQL API: the authorization
// matrix runs each one as every kind of caller, and the hostile-input properties
// start from them and break one field at a time.

/**
 * The organizations every case is built in: a provider and a university with an
 * active agreement (the university recognises the provider's courses), and two strangers.
 */
export interface World extends Bilateral {
  server: TestServer;
  admin: GraphQLClient;
  otherProvider: Member;
  otherUniversity: Member;
  /** A client for a registrar or provider token of any organization (cached). */
  clientFor(role: "registrar" | "provider", organizationId: string): Promise<GraphQLClient>;
}

export async function aWorld(server: TestServer): Promise<World> {
  const admin = server.client(await server.token({ role: "admin", sub: "world-admin" }));
  const university = await aMember(server, admin, "UNIVERSITY");
  const provider = await aMember(server, admin, "TRAINING_PROVIDER");
  const providerCourses = [await aPublishedCourse(provider), await aPublishedCourse(provider)];
  const universityCourses = [await aPublishedCourse(university, { credits: "2" }), await aPublishedCourse(university, { credits: "3" })];
  const clients = new Map<string, GraphQLClient>();
  const world: World = {
    server,
    admin,
    university,
    provider,
    providerCourses,
    universityCourses,
    otherProvider: await aMember(server, admin, "TRAINING_PROVIDER"),
    otherUniversity: await aMember(server, admin, "UNIVERSITY"),
    async clientFor(role, organizationId) {
      const key = `${role}@${organizationId}`;
      if (!clients.has(key)) clients.set(key, server.client(await server.token({ role, org: organizationId, sub: `${role}-of-${organizationId.slice(-8)}` })));
      return clients.get(key)!;
    },
  };
  await anActiveAgreement(world);
  return world;
}

/** What a case needs to run: the variables, and the learner a learner token speaks for. */
export interface Prepared {
  input?: Record<string, unknown>;
  learnerId?: string;
}

/**
 * Builds the state a mutation acts on and a valid input for it. `owner` is the
 * organization (with a client that writes for it) that owns what the mutation
 * changes; two-party mutations (agreements) use the world's provider and university.
 */
export type MutationFactory = (world: World, owner: Member) => Promise<Prepared>;

const isUniversity = (world: World, member: Member) => member.organizationId === world.university.organizationId || member.organizationId === world.otherUniversity.organizationId;
/** The organization on the other side of the world's agreement. */
const counterpart = (world: World, member: Member) => (member.organizationId === world.provider.organizationId ? world.university : world.provider);
const publishedCourseOf = (world: World, member: Member) => (isUniversity(world, member) ? world.universityCourses[0] : world.providerCourses[0]);
const courseOverrides = (world: World, member: Member) => (isUniversity(world, member) ? { credits: "2" } : {});

async function suspendedBy(world: World, member: Member) {
  const active = await anActiveAgreement(world);
  await ok(member.client, AgreementSuspendDocument, { input: { idempotencyKey: aKey("suspend"), agreementId: active.id, reason: "质量评估" } });
  return active;
}

export const MUTATION_FACTORIES: Record<string, MutationFactory> = {
  organizationCreate: async () => ({ input: aUniversityInput({ idempotencyKey: aKey("org") }) }),
  organizationUpdate: async (_world, owner) => ({ input: { organizationId: owner.organizationId, region: "上海市", idempotencyKey: aKey("org-update") } }),

  courseCreate: async (world, owner) => ({ input: { ...aCourseInput(owner.organizationId, courseOverrides(world, owner)), idempotencyKey: aKey("course") } }),
  courseUpdate: async (world, owner) => ({ input: { courseId: await aDraftCourse(owner, courseOverrides(world, owner)), title: "修订后的课程", idempotencyKey: aKey("course-update") } }),
  coursePublish: async (world, owner) => ({ input: { courseId: await aDraftCourse(owner, courseOverrides(world, owner)), idempotencyKey: aKey("course-publish") } }),
  courseRetire: async (world, owner) => ({ input: { courseId: await aPublishedCourse(owner, courseOverrides(world, owner)), idempotencyKey: aKey("course-retire") } }),

  coursePackageCreate: async (world, owner) => ({ input: { ...aPackageInput(owner.organizationId, [publishedCourseOf(world, owner)]), idempotencyKey: aKey("package") } }),
  coursePackageUpdate: async (world, owner) => ({ input: { coursePackageId: await aDraftPackage(owner, [publishedCourseOf(world, owner)]), title: "修订后的培训包", idempotencyKey: aKey("package-update") } }),
  coursePackagePublish: async (world, owner) => ({ input: { coursePackageId: await aDraftPackage(owner, [publishedCourseOf(world, owner)]), idempotencyKey: aKey("package-publish") } }),
  coursePackageRevise: async (world, owner) => ({ input: { coursePackageId: await aPublishedPackage(owner, [publishedCourseOf(world, owner)]), idempotencyKey: aKey("package-revise") } }),
  coursePackageRetire: async (world, owner) => ({ input: { coursePackageId: await aPublishedPackage(owner, [publishedCourseOf(world, owner)]), idempotencyKey: aKey("package-retire") } }),

  // The default numeric scale: setting it changes nothing that later cases depend on.
  gradeScaleSet: async (_world, owner) => ({ input: { organizationId: owner.organizationId, kind: "NUMERIC", passMark: "60", idempotencyKey: aKey("scale") } }),

  learnerRegister: async (_world, owner) => ({ input: { organizationId: owner.organizationId, externalRef: aKey("REF"), displayName: "王芳", idempotencyKey: aKey("learner") } }),
  learnerLink: async (world, owner) => {
    const other = counterpart(world, owner);
    const mine = await aLearner(owner);
    const theirs = await aLearner(other);
    await consentTo(world.server, theirs.id, owner.organizationId);
    return {
      input: {
        idempotencyKey: aKey("link"),
        learner: { organizationId: owner.organizationId, externalRef: mine.externalRef },
        otherLearner: { organizationId: other.organizationId, externalRef: theirs.externalRef },
      },
    };
  },
  learnerConsentGrant: async (world, owner) => {
    const learner = await aLearner(owner);
    return { learnerId: learner.id, input: { idempotencyKey: aKey("grant"), organizationId: counterpart(world, owner).organizationId } };
  },
  learnerConsentRevoke: async (world, owner) => {
    const learner = await aLearner(owner);
    await consentTo(world.server, learner.id, counterpart(world, owner).organizationId);
    return { learnerId: learner.id, input: { idempotencyKey: aKey("revoke"), organizationId: counterpart(world, owner).organizationId } };
  },

  achievementRecord: async (world, owner) => {
    const learner = await aLearner(owner);
    return { learnerId: learner.id, input: anAchievementInput(learner.id, publishedCourseOf(world, owner)) };
  },
  achievementsRecord: async (world, owner) => {
    const learner = await aLearner(owner);
    return { learnerId: learner.id, input: { items: [anAchievementInput(learner.id, publishedCourseOf(world, owner))] } };
  },

  agreementPropose: async (world) => ({ input: aProposalInput(world) }),
  agreementAmend: async (world) => {
    const active = await anActiveAgreement(world);
    const { validFrom, validTo, terms, rules } = aProposalInput(world);
    return { input: { idempotencyKey: aKey("amend"), agreementId: active.id, validFrom, validTo, terms: { ...terms, minGrade: 70 }, rules } };
  },
  agreementApprove: async (world) => {
    const proposed = await aProposedAgreement(world.university, aProposalInput(world));
    return { input: { idempotencyKey: aKey("approve"), agreementId: proposed.id, termsHash: proposed.termsHash } };
  },
  agreementSuspend: async (world) => ({ input: { idempotencyKey: aKey("suspend"), agreementId: (await anActiveAgreement(world)).id, reason: "质量评估" } }),
  // Only the suspending party may resume: the owner suspends.
  agreementResume: async (world, owner) => ({ input: { idempotencyKey: aKey("resume"), agreementId: (await suspendedBy(world, owner)).id } }),
  agreementTerminate: async (world) => ({ input: { idempotencyKey: aKey("terminate"), agreementId: (await anActiveAgreement(world)).id, effectiveOn: today(), reason: "合作结束" } }),

  // The university receives, the provider sends: owners play no part.
  creditTransfer: async (world) => {
    const { learner, achievementId } = await aCompletedLearner(world);
    return { learnerId: learner.id, input: aTransferInput(world, learner, [achievementId]) };
  },
  creditTransferReverse: async (world) => {
    const { learner, transferId } = await aGrantedTransfer(world);
    return { learnerId: learner.id, input: { idempotencyKey: aKey("reverse"), transferId, reason: "录入有误" } };
  },
  transferAppeal: async (world) => {
    const { learner, transferId } = await aGrantedTransfer(world);
    return { learnerId: learner.id, input: { idempotencyKey: aKey("appeal"), transferId, statement: "实践学时应全部认定" } };
  },
  transferAppealDecide: async (world) => {
    const { learner, appealId } = await anOpenAppeal(world);
    return { learnerId: learner.id, input: { idempotencyKey: aKey("decide"), appealId, decision: "UPHOLD", note: "维持原决定" } };
  },

  creditStatementIssue: async (world, owner) => {
    const learner = await aLearner(owner);
    await anAchievement(owner, learner.id, publishedCourseOf(world, owner));
    return { learnerId: learner.id, input: { idempotencyKey: aKey("statement"), learnerId: learner.id, organizationId: owner.organizationId } };
  },
  importRun: async (world, owner) => {
    const code = aKey("IMP").toUpperCase();
    const csv = `code,title,lectureHours,practiceHours,credits,level,field\n${code},导入课程 ${code},16,16,${isUniversity(world, owner) ? "2" : ""},PROFESSIONAL_TRAINING,OTHER\n`;
    return { input: { idempotencyKey: aKey("import"), kind: "COURSES", organizationId: owner.organizationId, csv, dryRun: false } };
  },

  signingKeyRotate: async () => ({ input: { idempotencyKey: aKey("rotate") } }),
  ledgerSeal: async () => ({}),
};

/** A learner of the provider who consented to the university and completed a course the agreement recognises. */
export async function aCompletedLearner(world: World) {
  const learner = await aConsentingLearner(world.server, world);
  return { learner, achievementId: await aCompletion(world, learner, world.providerCourses[0]) };
}

export async function aGrantedTransfer(world: World) {
  const { learner, achievementId } = await aCompletedLearner(world);
  const granted = await transfer(world.university, aTransferInput(world, learner, [achievementId]));
  if (granted.decision?.outcome !== "GRANTED") throw new Error(`transfer not granted: ${JSON.stringify(granted)}`);
  return { learner, transferId: granted.transfer!.id };
}

/** A granted transfer that its learner appealed. */
export async function anOpenAppeal(world: World) {
  const { learner, transferId } = await aGrantedTransfer(world);
  const { transferAppeal } = await ok(await asLearner(world.server, learner.id), TransferAppealDocument, { input: { idempotencyKey: aKey("appeal"), transferId, statement: "请复核" } });
  if (!transferAppeal.appeal) throw new Error(`appeal refused: ${JSON.stringify(transferAppeal.userErrors)}`);
  return { learner, transferId, appealId: transferAppeal.appeal.id };
}

/** The schema the running server serves (introspection is on in tests). */
export async function servedSchema(server: TestServer): Promise<GraphQLSchema> {
  return buildClientSchema(await ok<IntrospectionQuery, object>(server.client(), getIntrospectionQuery()));
}

/**
 * A document that runs `mutation` with `$input` and selects only `userErrors`:
 * what the caller is told is all these tests judge; the database tells the rest.
 */
export function mutationDocument(schema: GraphQLSchema, mutation: string): string {
  const field = schema.getMutationType()!.getFields()[mutation] as GraphQLField<unknown, unknown>;
  const input = field.args.find((arg) => arg.name === "input");
  if (!input) return `mutation { ${mutation} { userErrors { code field message } } }`;
  if (!isNonNullType(input.type) || !isInputObjectType(getNamedType(input.type))) throw new Error(`${mutation}: expected input: X!`);
  return `mutation Run($input: ${getNamedType(input.type).name}!) { ${mutation}(input: $input) { userErrors { code field message } } }`;
}

/**
 * Every table's row count and a digest of its rows, plus the journal's length:
 * equal before and after means the call wrote nothing (inserts, updates or deletes).
 */
export async function databaseFingerprint(server: TestServer): Promise<Record<string, string>> {
  const tables = await server.database.rows<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const parts = tables.map(({ name }) => `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as digest from "${name}" t`);
  const rows = await server.database.rows<{ name: string; digest: string }>(sql.raw(parts.join(" union all ")));
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}
