import { GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, ok, type TestServer } from "../support/server.js";
import { startServer, type RunningServer } from "../../src/http/server.js";
import { createLogger } from "../../src/http/logger.js";
import { aMember, aPublishedCourse } from "../support/course-factories.js";
import { aCourseRule } from "../support/agreement-factories.js";
import { anAgreementFrom } from "../support/resolution-factories.js";
import { EquivalencesDocument } from "../generated/operations.js";

// Another process learns of a change by its checksum, checked at most once a second.
const CONVERGENCE_BOUND_MS = 5_000;
const POLL_MS = 100;

let server: TestServer;
let other: RunningServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  other = await startServer(server.config, { logger: createLogger("silent") });
  admin = server.client(await server.token({ role: "admin" }));
});
afterAll(async () => {
  await other?.close();
  await server?.stop();
});

it("another server process on the same database sees a newly approved agreement without a restart, by its once-a-second checksum", async () => {
  const provider = await aMember(server, admin, "TRAINING_PROVIDER");
  const university = await aMember(server, admin, "UNIVERSITY");
  const course = await aPublishedCourse(provider);
  const target = await aPublishedCourse(university, { credits: "2" });
  const otherClient = new GraphQLClient(`${other.url}/graphql`);
  const ask = async () => (await ok(otherClient, EquivalencesDocument, { input: { courseIds: [course] } })).equivalences.map((each) => each.credits);
  expect(await ask()).toEqual([]);

  await anAgreementFrom(provider, university, [aCourseRule([course], university.organizationId, [target])]);
  const approvedAt = Date.now();
  let seen: string[] = [];
  while (seen.length === 0 && Date.now() - approvedAt < CONVERGENCE_BOUND_MS) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    seen = await ask();
  }
  expect(seen).toEqual(["2.00"]);
});
