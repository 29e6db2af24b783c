import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { containsIdCardNumber } from "../../../src/modules/learner/external-ref.js";
import { learnerIdOf, mayReadLearner } from "../../../src/modules/learner/learner-access.js";
import { toGlobalId } from "../../../src/graphql/global-id.js";
import type { Actor } from "../../../src/auth/viewer.js";

describe("containsIdCardNumber", () => {
  it("finds 18-character resident ID card numbers, with a digit or X last, anywhere in the text", () => {
    for (const text of ["110101199003071234", "11010119900307123X", "11010119900307123x", "ID-110101199003071234", "学号 110101199003071234 号", "１１０１０１１９９００３０７１２３４"]) {
      expect(containsIdCardNumber(text), text).toBe(true);
    }
  });

  it("leaves student numbers and longer or shorter digit runs alone", () => {
    for (const text of ["2021001234", "S2021-0001", "11010119900307123", "1101011990030712345", "11010119900307123Y", "张三"]) {
      expect(containsIdCardNumber(text), text).toBe(false);
    }
  });
});

const learner = { id: "0190a0b0-0000-7000-8000-000000000001", organizationId: "0190a0b0-0000-7000-8000-0000000000aa" };
const otherOrganization = "0190a0b0-0000-7000-8000-0000000000bb";
const actor = (role: Actor["role"], organizationId: string | null, subject = "someone"): Actor => ({ role, organizationId, subject });

describe("learnerIdOf", () => {
  it("reads the learner from a learner token's subject and nothing from other tokens", () => {
    expect(learnerIdOf(actor("learner", null, toGlobalId("Learner", learner.id)))).toBe(learner.id);
    expect(learnerIdOf(actor("learner", null, toGlobalId("Organization", learner.id)))).toBeNull();
    expect(learnerIdOf(actor("learner", null, "not-an-id"))).toBeNull();
    expect(learnerIdOf(actor("admin", null, toGlobalId("Learner", learner.id)))).toBeNull();
  });
});

describe("mayReadLearner", () => {
  it("lets admins, the learner and the learner's organization read the record", () => {
    expect(mayReadLearner(actor("admin", null), learner, new Set())).toBe(true);
    expect(mayReadLearner(actor("learner", null, toGlobalId("Learner", learner.id)), learner, new Set())).toBe(true);
    expect(mayReadLearner(actor("registrar", learner.organizationId), learner, new Set())).toBe(true);
    expect(mayReadLearner(actor("provider", learner.organizationId), learner, new Set())).toBe(true);
  });

  it("lets another organization read only with the learner's consent", () => {
    expect(mayReadLearner(actor("registrar", otherOrganization), learner, new Set())).toBe(false);
    expect(mayReadLearner(actor("registrar", otherOrganization), learner, new Set([otherOrganization]))).toBe(true);
  });

  it("refuses anonymous callers and other learners", () => {
    expect(mayReadLearner(null, learner, new Set())).toBe(false);
    expect(mayReadLearner(actor("learner", null, toGlobalId("Learner", "0190a0b0-0000-7000-8000-000000000002")), learner, new Set())).toBe(false);
  });
});
