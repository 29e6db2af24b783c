// Throughput of bulk achievement recording: batches of 1,000 items through
// HTTP and GraphQL into one transaction each, on PostgreSQL.
//
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node --import @swc-node/register/esm-register test/bench/achievements-record.ts
//
// Creates a scratch database, reports items/s per batch and overall, drops it.
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { GraphQLClient } from "graphql-request";
import { loadConfig } from "../../src/config/config.js";
import { startServer } from "../../src/http/server.js";
import { createLogger } from "../../src/http/logger.js";
import { signDevelopmentToken } from "../../src/auth/jwt.js";
import { computeOrganizationCodeCheckChar, computeUnifiedSocialCreditCheckChar } from "../../src/modules/organization/organization-code.js";

const BATCH = 1_000;
const BATCHES = 5;
const LEARNERS = 1_000;
const SECRET = "bench-secret-bench-secret-bench-secret-0123";

const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `ronghe_bench_${randomBytes(4).toString("hex")}`;
const adminSql = postgres(base, { max: 1, onnotice: () => undefined });
await adminSql.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;

const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: "memory", JWT_SECRET: SECRET, LOG_LEVEL: "silent", NODE_ENV: "test", DATABASE_URL: url.toString(), SEALER_INTERVAL_MS: "0" });
const server = await startServer(config, { logger: createLogger("silent") });
const client = async (role: "admin" | "provider", org?: string) =>
  new GraphQLClient(`${server.url}/graphql`, { headers: { authorization: `Bearer ${await signDevelopmentToken(config, SECRET, { role, org })}` } });

try {
  const admin = await client("admin");
  const orgBody = "87654321";
  const first17 = `91440300${orgBody}${computeOrganizationCodeCheckChar(orgBody)}`;
  const { organizationCreate } = await admin.request<{ organizationCreate: { organization: { id: string } } }>(
    `mutation($input: OrganizationCreateInput!) { organizationCreate(input: $input) { organization { id } } }`,
    { input: { kind: "TRAINING_PROVIDER", name: "压测培训有限公司", code: first17 + computeUnifiedSocialCreditCheckChar(first17) } },
  );
  const organizationId = organizationCreate.organization.id;
  const provider = await client("provider", organizationId);
  const { courseCreate } = await provider.request<{ courseCreate: { course: { id: string } } }>(
    `mutation($input: CourseCreateInput!) { courseCreate(input: $input) { course { id } } }`,
    { input: { organizationId, code: "BENCH-1", title: "压测课程", lectureHours: "16", practiceHours: "32", credits: "2", level: "PROFESSIONAL_TRAINING", field: "OTHER" } },
  );
  const courseId = courseCreate.course.id;
  await provider.request(`mutation($input: CoursePublishInput!) { coursePublish(input: $input) { userErrors { code } } }`, { input: { courseId } });
  const learnerIds: string[] = [];
  for (let i = 0; i < LEARNERS; i++) {
    const { learnerRegister } = await provider.request<{ learnerRegister: { learner: { id: string } } }>(
      `mutation($input: LearnerRegisterInput!) { learnerRegister(input: $input) { learner { id } } }`,
      { input: { organizationId, externalRef: `B${i}`, displayName: `学员${i}` } },
    );
    learnerIds.push(learnerRegister.learner.id);
  }
  const mutation = `mutation($input: AchievementsRecordInput!) { achievementsRecord(input: $input) { achievements { id } userErrors { code field } } }`;
  let total = 0;
  let elapsed = 0;
  for (let batch = 0; batch < BATCHES; batch++) {
    // One completion per learner per batch, on a different day each batch.
    const completedOn = new Date(Date.UTC(2024, 0, 1 + batch)).toISOString().slice(0, 10);
    const items = learnerIds.slice(0, BATCH).map((learnerId, i) => ({ idempotencyKey: `b${batch}-${i}`, learnerId, courseId, grade: "85", completedOn }));
    const started = performance.now();
    const { achievementsRecord } = await provider.request<{ achievementsRecord: { achievements: unknown[] | null; userErrors: unknown[] } }>(mutation, { input: { items } });
    const ms = performance.now() - started;
    if (!achievementsRecord.achievements) throw new Error(JSON.stringify(achievementsRecord.userErrors.slice(0, 3)));
    total += items.length;
    elapsed += ms;
    console.log(`batch ${batch + 1}: ${items.length} items in ${ms.toFixed(0)} ms = ${Math.round((items.length / ms) * 1000)} items/s`);
  }
  console.log(`overall: ${total} items in ${elapsed.toFixed(0)} ms = ${Math.round((total / elapsed) * 1000)} items/s`);
} finally {
  await server.close();
  await adminSql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminSql.end();
}
