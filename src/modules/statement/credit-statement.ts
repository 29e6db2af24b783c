// The credit statement: a learner's record at one organization as a
// Verifiable Credential in the shape of a CLR 2.0 ClrCredential (one embedded
// Open Badges 3.0 credential per entry), secured as a compact JWS (VC-JOSE:
// the payload is the credential, plus the JWT claims iss/sub/jti/iat). Each
// entry carries the journal entry that records it and the audit path of that
// entry in the Merkle log up to a signed checkpoint, so a third party holding
// only the JWKS can check both the statement and its anchoring. Pure: no
// database.
import { CompactSign } from "jose";
import { toGlobalId } from "../../graphql/global-id.js";
import { SIGNING_ALGORITHM, type SigningKey } from "../ledger/signing-keys.js";
import type { OrganizationRow } from "../organization/organization.table.js";
import type { CompletionFact, CourseVersionFacts, RecognitionFact, TranscriptFacts } from "./transcript-facts.js";

/** The JWS `typ`: a VC secured with JOSE (W3C VC-JOSE-COSE). */
export const STATEMENT_TYPE = "vc+jwt";

export const STATEMENT_CONTEXTS = [
  "https://www.w3.org/ns/credentials/v2",
  "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

/** Where a journal entry sits in the Merkle log: enough to re-derive the signed root. */
export interface LedgerAnchor {
  /** The LedgerEntry's global ID. */
  entryId: string;
  kind: string;
  /** The entry's canonical JSON: contentHash = SHA-256(canonical), leafHash = SHA-256(0x00 ‖ canonical). */
  canonical: string;
  contentHash: string;
  leafIndex: number;
  leafHash: string;
  checkpoint: { treeSize: number; rootHash: string };
  /** RFC 6962 audit path, hex, from the leaf's sibling up. */
  auditPath: string[];
}

export interface SignedCheckpoint {
  treeSize: number;
  rootHash: string;
  jws: string;
}

interface Profile {
  id: string;
  type: ["Profile"];
  name: string;
  otherIdentifier: { type: ["IdentifierEntry"]; identifier: string; identifierType: string }[];
}

export interface EntryCredential {
  "@context": string[];
  id: string;
  type: ["VerifiableCredential", "OpenBadgeCredential"];
  name: string;
  issuer: Profile;
  validFrom: string;
  credentialSubject: Record<string, unknown> & { id: string; type: ["AchievementSubject"] };
  evidence: Record<string, unknown>[];
  "ronghe:ledger": LedgerAnchor;
}

export interface StatementPayload {
  "@context": string[];
  id: string;
  type: ["VerifiableCredential", "ClrCredential"];
  name: string;
  issuer: Profile;
  validFrom: string;
  credentialSubject: { id: string; type: ["ClrSubject"]; verifiableCredential: EntryCredential[] };
  /** The checkpoint every entry's audit path leads to; null when there are no entries. */
  "ronghe:checkpoint": SignedCheckpoint | null;
  iss: string;
  sub: string;
  jti: string;
  iat: number;
}

export interface StatementFacts {
  statementId: string;
  issuedAt: Date;
  transcript: TranscriptFacts;
  /** By ledger entry UUID. */
  anchors: ReadonlyMap<string, LedgerAnchor>;
  checkpoint: SignedCheckpoint | null;
}

/** URNs name things without pointing at a server: the statement stays meaningful wherever it travels. */
export const urn = {
  organization: (id: string) => `urn:ronghe:organization:${toGlobalId("Organization", id)}`,
  learner: (id: string) => `urn:ronghe:learner:${toGlobalId("Learner", id)}`,
  achievement: (id: string) => `urn:ronghe:achievement:${toGlobalId("Achievement", id)}`,
  transfer: (id: string) => `urn:ronghe:credit-transfer:${toGlobalId("CreditTransfer", id)}`,
  course: (id: string, version: number) => `urn:ronghe:course:${toGlobalId("Course", id)}:v${version}`,
  agreement: (id: string) => `urn:ronghe:agreement:${toGlobalId("Agreement", id)}`,
};

function profileOf(organization: OrganizationRow): Profile {
  return {
    id: urn.organization(organization.id),
    type: ["Profile"],
    name: organization.name,
    otherIdentifier: [
      {
        type: ["IdentifierEntry"],
        identifier: organization.code,
        // 学校标识码 for universities, 统一社会信用代码 for enterprises.
        identifierType: organization.kind === "UNIVERSITY" ? "ext:MoeInstitutionCode" : "ext:UnifiedSocialCreditCode",
      },
    ],
  };
}

function achievementOf(course: CourseVersionFacts, narrative: string) {
  return {
    id: urn.course(course.id, course.version),
    type: ["Achievement"],
    achievementType: "Course",
    name: course.title,
    ...(course.titleEn ? { "ronghe:nameEn": course.titleEn } : {}),
    humanCode: course.code,
    criteria: { narrative },
    ...(course.credits !== null ? { creditsAvailable: Number(course.credits) } : {}),
    inLanguage: course.language,
    "ronghe:lectureHours": course.lectureHours,
    "ronghe:practiceHours": course.practiceHours,
  };
}

function completionCredential(fact: CompletionFact, issuer: Profile, subjectId: string, anchor: LedgerAnchor): EntryCredential {
  const { achievement, course } = fact;
  return {
    "@context": STATEMENT_CONTEXTS,
    id: urn.achievement(achievement.id),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${course.code} ${course.title}`,
    issuer,
    validFrom: achievement.recordedAt.toISOString(),
    credentialSubject: {
      id: subjectId,
      type: ["AchievementSubject"],
      achievement: achievementOf(course, `Completed ${course.code} (version ${course.version}) with a passing grade`),
      ...(achievement.credits !== null ? { creditsEarned: Number(achievement.credits) } : {}),
      result: [{ type: ["Result"], value: achievement.grade, status: "Completed" }],
      activityEndDate: `${achievement.completedOn}T00:00:00+08:00`,
      "ronghe:hoursEarned": { lecture: achievement.lectureHours, practice: achievement.practiceHours },
    },
    evidence: [],
    "ronghe:ledger": anchor,
  };
}

/** A recognised course (or elective block): what the transfer granted, from what, under which agreement. */
function recognitionCredential(fact: RecognitionFact, issuer: Profile, subjectId: string, anchor: LedgerAnchor): EntryCredential {
  const { transfer, rule, agreement } = fact;
  const terms = agreement ? `under agreement ${agreement.code} version ${transfer.agreementVersion} (terms hash ${transfer.termsHash})` : "on appeal";
  const target =
    fact.targetCourses.length > 0
      ? fact.targetCourses.map((course) => achievementOf(course, `Recognised ${terms}`))
      : [{ id: `${urn.transfer(transfer.id)}#elective`, type: ["Achievement"], achievementType: "ext:ElectiveCredit", name: rule?.electiveCategory ?? "Recognised credit", criteria: { narrative: `Recognised ${terms}` } }];
  return {
    "@context": STATEMENT_CONTEXTS,
    id: urn.transfer(transfer.id),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: target.map((each) => each.name).join(" + "),
    issuer,
    validFrom: transfer.createdAt.toISOString(),
    credentialSubject: {
      id: subjectId,
      type: ["AchievementSubject"],
      achievement: target[0],
      ...(target.length > 1 ? { "ronghe:alsoRecognised": target.slice(1) } : {}),
      creditsEarned: Number(transfer.credits),
      result: [{ type: ["Result"], value: transfer.outcome, status: "Completed" }],
      activityEndDate: `${transfer.decidedOn}T00:00:00+08:00`,
      source: fact.sources[0] ? profileOf(fact.sources[0].organization) : undefined,
    },
    evidence: [
      ...fact.sources.map(({ achievement, course, organization }) => ({
        id: urn.achievement(achievement.id),
        type: ["Evidence"],
        name: `${course.code} ${course.title}`,
        description: `Completed at ${organization.name} on ${achievement.completedOn}, grade ${achievement.grade}, ${achievement.lectureHours} lecture and ${achievement.practiceHours} practice hours`,
        "ronghe:organization": profileOf(organization),
      })),
      ...(agreement
        ? [
            {
              id: urn.agreement(agreement.id),
              type: ["Evidence"],
              name: `${agreement.code} ${agreement.title}`,
              description: `Agreement version ${transfer.agreementVersion}, terms hash ${transfer.termsHash}`,
              "ronghe:version": transfer.agreementVersion,
              "ronghe:termsHash": transfer.termsHash,
              ...(rule ? { "ronghe:ruleId": toGlobalId("EquivalenceRule", rule.id) } : {}),
            },
          ]
        : []),
    ],
    "ronghe:ledger": anchor,
  };
}

/** The statement's payload; every entry's ledger entry must have an anchor. */
export function buildStatementPayload(facts: StatementFacts): StatementPayload {
  const { transcript } = facts;
  const issuer = profileOf(transcript.organization);
  const subjectId = urn.learner(transcript.learner.id);
  const anchorOf = (entryId: string) => {
    const anchor = facts.anchors.get(entryId);
    if (!anchor) throw new Error(`ledger entry ${entryId} has no anchor`);
    return anchor;
  };
  const entries = [
    ...transcript.completions.map((fact) => completionCredential(fact, issuer, subjectId, anchorOf(fact.achievement.ledgerEntryId))),
    ...transcript.recognitions.map((fact) => recognitionCredential(fact, issuer, subjectId, anchorOf(fact.transfer.ledgerEntryId))),
  ];
  const id = `urn:uuid:${facts.statementId}`;
  return JSON.parse(
    JSON.stringify({
      "@context": STATEMENT_CONTEXTS,
      id,
      type: ["VerifiableCredential", "ClrCredential"],
      name: `学分证明 Credit statement: ${transcript.organization.name}`,
      issuer,
      validFrom: facts.issuedAt.toISOString(),
      credentialSubject: { id: subjectId, type: ["ClrSubject"], verifiableCredential: entries },
      "ronghe:checkpoint": entries.length > 0 ? facts.checkpoint : null,
      iss: issuer.id,
      sub: subjectId,
      jti: id,
      iat: Math.floor(facts.issuedAt.getTime() / 1000),
    }),
  ) as StatementPayload;
}

export async function signStatement(payload: StatementPayload, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: STATEMENT_TYPE })
    .sign(key.privateKey);
}
