import { describe, expect, it } from "vitest";
import { citusStatements, distributionProblems, type Placement, type TableFacts } from "../../../src/db/distribution.js";

const plan: Record<string, Placement> = {
  organization: { kind: "reference" },
  learner: { kind: "distributed", column: "id", group: "learner" },
  achievement: { kind: "distributed", column: "learner_id", group: "learner" },
  idempotency_key: { kind: "distributed", column: "scope", group: "caller" },
  merkle_leaf: { kind: "local" },
};

const table = (name: string, facts: Partial<Omit<TableFacts, "name">> = {}): TableFacts => ({ name, notNullColumns: [], uniqueKeys: [], foreignKeys: [], ...facts });

const fitting: TableFacts[] = [
  table("organization", { notNullColumns: ["id", "code"], uniqueKeys: [{ name: "organization_pkey", columns: ["id"] }, { name: "organization_code_key", columns: ["code"] }] }),
  table("learner", {
    notNullColumns: ["id", "organization_id"],
    uniqueKeys: [{ name: "learner_pkey", columns: ["id"] }],
    foreignKeys: [{ name: "learner_organization_fk", columns: ["organization_id"], referencedTable: "organization", referencedColumns: ["id"] }],
  }),
  table("achievement", {
    notNullColumns: ["learner_id", "id"],
    uniqueKeys: [{ name: "achievement_pkey", columns: ["learner_id", "id"] }],
    foreignKeys: [{ name: "achievement_learner_fk", columns: ["learner_id"], referencedTable: "learner", referencedColumns: ["id"] }],
  }),
  table("idempotency_key", { notNullColumns: ["scope", "key"], uniqueKeys: [{ name: "idempotency_key_pkey", columns: ["scope", "key"] }] }),
  table("merkle_leaf", { notNullColumns: ["leaf_index"], uniqueKeys: [{ name: "merkle_leaf_pkey", columns: ["leaf_index"] }] }),
];

const replaced = (name: string, facts: Partial<Omit<TableFacts, "name">>) => fitting.map((facts0) => (facts0.name === name ? { ...facts0, ...facts } : facts0));

describe("distributionProblems", () => {
  it("finds nothing wrong with a schema whose keys start where the plan distributes", () => {
    expect(distributionProblems(fitting, plan)).toEqual([]);
  });

  it("names a global unique key on a distributed table", () => {
    const problems = distributionProblems(
      replaced("achievement", { uniqueKeys: [{ name: "achievement_pkey", columns: ["learner_id", "id"] }, { name: "achievement_id_key", columns: ["id"] }] }),
      plan,
    );
    expect(problems).toEqual(["achievement.achievement_id_key: unique on (id) without the distribution column learner_id"]);
  });

  it("names a nullable distribution column", () => {
    expect(distributionProblems(replaced("achievement", { notNullColumns: ["id"] }), plan)).toEqual(["achievement: distribution column learner_id is missing or nullable"]);
  });

  it("names a foreign key that does not follow the distribution column", () => {
    const foreignKeys = [{ name: "achievement_by_id_fk", columns: ["id"], referencedTable: "learner", referencedColumns: ["id"] }];
    expect(distributionProblems(replaced("achievement", { foreignKeys }), plan)).toEqual([
      "achievement.achievement_by_id_fk: references learner without matching learner_id to its distribution column id",
    ]);
  });

  it("names foreign keys from local or reference tables into distributed ones, and across colocation groups", () => {
    const tables = [
      ...replaced("merkle_leaf", { foreignKeys: [{ name: "leaf_entry_fk", columns: ["leaf_index"], referencedTable: "learner", referencedColumns: ["id"] }] }).filter((t) => t.name !== "organization"),
      table("organization", { foreignKeys: [{ name: "organization_leaf_fk", columns: ["id"], referencedTable: "merkle_leaf", referencedColumns: ["leaf_index"] }] }),
    ].map((t) => (t.name === "idempotency_key" ? { ...t, foreignKeys: [{ name: "key_learner_fk", columns: ["scope"], referencedTable: "learner", referencedColumns: ["id"] }] } : t));
    expect(distributionProblems(tables, plan)).toEqual([
      "idempotency_key.key_learner_fk: references learner of another colocation group",
      "merkle_leaf.leaf_entry_fk: a local table cannot reference the distributed table learner",
      "organization.organization_leaf_fk: a reference table cannot reference the local table merkle_leaf",
    ]);
  });

  it("names tables the plan does not place and placed tables the schema lacks", () => {
    const tables = [...fitting.filter((t) => t.name !== "merkle_leaf"), table("stray")];
    expect(distributionProblems(tables, plan)).toEqual(["merkle_leaf: placed but not in the schema", "stray: not placed (add it to TABLE_PLACEMENT)"]);
  });
});

describe("citusStatements", () => {
  it("creates reference tables, then each colocation group anchored on its first table, and leaves local tables alone", () => {
    expect(citusStatements(plan)).toEqual([
      "SELECT create_reference_table('organization');",
      "SELECT create_distributed_table('learner', 'id', colocate_with => 'none');",
      "SELECT create_distributed_table('achievement', 'learner_id', colocate_with => 'learner');",
      "SELECT create_distributed_table('idempotency_key', 'scope', colocate_with => 'none');",
      "-- merkle_leaf stays on the coordinator",
    ]);
  });
});
