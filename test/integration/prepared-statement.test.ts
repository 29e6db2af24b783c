import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphQLClient } from "graphql-request";
import { asc, eq, getTableColumns, sql } from "drizzle-orm";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { startTestServer, type TestServer } from "../support/server.js";
import { aMember } from "../support/course-factories.js";
import { aLearner } from "../support/learner-factories.js";
import { executePrepared, preparedStatement } from "../../src/db/prepared-statement.js";
import { decodeGlobalId } from "../../src/graphql/global-id.js";
import { learners } from "../../src/modules/learner/learner.table.js";

let server: TestServer;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = server.client(await server.token({ role: "admin" }));
});
afterAll(() => server?.stop());

const learnerColumns = getTableColumns(learners);
const selectLearner = preparedStatement("test_learner", (db) => db.select(learnerColumns).from(learners).where(eq(learners.id, sql.placeholder("id"))), learnerColumns);
/** A temporary table: it exists only on the connection of the transaction that creates it. */
const marks = pgTable("prepared_mark", { position: serial("position"), tag: text("tag").notNull() });
const insertMark = preparedStatement("test_mark", (db) => db.insert(marks).values({ tag: sql.placeholder("tag") }));
const tagColumns = { tag: marks.tag };
const selectMarks = preparedStatement("test_marks", (db) => db.select(tagColumns).from(marks).orderBy(asc(marks.position)), tagColumns);

describe("prepared statements", () => {
  it("run in the transaction they are given, in the order they were started", async () => {
    const tags = await server.database.write(async (tx) => {
      // A statement run on another connection would not find the table.
      await tx.execute(sql`create temporary table prepared_mark (position serial, tag text not null) on commit drop`);
      await Promise.all([
        executePrepared(tx, "test_mark_raw", sql`insert into prepared_mark (tag) values (${"first"})`),
        insertMark(tx, { tag: "second" }),
        executePrepared(tx, "test_mark_raw", sql`insert into prepared_mark (tag) values (${"third"})`),
        insertMark(tx, { tag: "fourth" }),
      ]);
      return selectMarks(tx);
    });
    expect(tags).toEqual([{ tag: "first" }, { tag: "second" }, { tag: "third" }, { tag: "fourth" }]);
  });

  it("map rows as drizzle's own query does, built once for every transaction", async () => {
    const member = await aMember(server, admin, "TRAINING_PROVIDER");
    const ids = await Promise.all([aLearner(member), aLearner(member)]).then((registered) => registered.map((learner) => decodeGlobalId(learner.id)!.id));
    for (const id of ids) {
      const [prepared, built] = await server.database.write(async (tx) => [await selectLearner(tx, { id }), await tx.select().from(learners).where(eq(learners.id, id))]);
      expect(prepared).toEqual(built);
    }
  });
});
