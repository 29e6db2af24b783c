import { describe, expect, it } from "vitest";
import { uuidv7 } from "../../../src/db/ids.js";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  it("draws distinct version 7 IDs across several refills of its random pool", () => {
    const ids = Array.from({ length: 1_000 }, () => uuidv7(1_767_225_600_000));
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 13)))).toEqual(new Set(["019b76da-a800"]));
  });

  it("orders IDs of later milliseconds after earlier ones", () => {
    const ids = [3, 1, 2].map((ms) => uuidv7(1_767_225_600_000 + ms));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });
});
