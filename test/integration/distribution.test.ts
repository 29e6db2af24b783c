import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { distributionProblems, readSchemaFacts, TABLE_PLACEMENT, type TableFacts } from "../../src/db/distribution.js";

let server: TestServer;
let tables: TableFacts[];
beforeAll(async () => {
  server = await startTestServer();
  tables = await readSchemaFacts(server.database.db);
});
afterAll(() => server?.stop());

it("places every table of the migrated schema, and every key and foreign key distributes as placed", () => {
  expect(tables.map((table) => table.name).sort()).toEqual(Object.keys(TABLE_PLACEMENT).sort());
  expect(distributionProblems(tables)).toEqual([]);
});

it("reads the journal's keys as they are: led by the stream, and no key from the Merkle log into the journal", () => {
  const ledger = tables.filter((table) => ["ledger_entry", "ledger_posting", "ledger_unsealed", "merkle_leaf"].includes(table.name));
  expect(ledger.map(({ name, uniqueKeys, foreignKeys }) => ({ name, uniqueKeys, foreignKeys }))).toEqual([
    { name: "ledger_entry", uniqueKeys: [{ name: "ledger_entry_stream_id_sequence_pk", columns: ["stream_id", "sequence"] }], foreignKeys: [] },
    {
      name: "ledger_posting",
      uniqueKeys: [{ name: "ledger_posting_stream_id_entry_sequence_position_pk", columns: ["stream_id", "entry_sequence", "position"] }],
      foreignKeys: [{ name: "ledger_posting_entry_fk", columns: ["stream_id", "entry_sequence"], referencedTable: "ledger_entry", referencedColumns: ["stream_id", "sequence"] }],
    },
    {
      name: "ledger_unsealed",
      uniqueKeys: [{ name: "ledger_unsealed_stream_id_entry_sequence_pk", columns: ["stream_id", "entry_sequence"] }],
      foreignKeys: [{ name: "ledger_unsealed_entry_fk", columns: ["stream_id", "entry_sequence"], referencedTable: "ledger_entry", referencedColumns: ["stream_id", "sequence"] }],
    },
    {
      name: "merkle_leaf",
      uniqueKeys: [
        { name: "merkle_leaf_entry_sequence_unique", columns: ["entry_sequence"] },
        { name: "merkle_leaf_pkey", columns: ["leaf_index"] },
      ],
      foreignKeys: [],
    },
  ]);
});
