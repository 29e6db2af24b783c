import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { UserErrorCode } from "../../../src/graphql/user-error.js";

const readme = fs.readFileSync("README.md", "utf8");
const scripts = Object.keys((JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts);

describe("README", () => {
  it("names only npm scripts that exist", () => {
    const named = [...readme.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(5);
    expect([...new Set(named)].filter((script) => !scripts.includes(script))).toEqual([]);
  });

  it("lists every user error code", () => {
    expect(Object.values(UserErrorCode).filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });

  it("keeps the sections in the order a newcomer reads them", () => {
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    const order = ["Two commands", "Five-minute tour", "Glossary", "Configuration", "API conventions", "Ledger and verification", "Development", "Security and reliability", "Running on PostgreSQL"];
    expect(sections.filter((section) => order.includes(section))).toEqual(order);
  });
});
