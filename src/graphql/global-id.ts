import { DomainError, UserErrorCode } from "./user-error.js";
import { badUserInput } from "./errors.js";

/** The types a global ID can name; each maps to one table. */
export type NodeType =
  | "Organization"
  | "Course"
  | "CoursePackage"
  | "Agreement"
  | "EquivalenceRule"
  | "Learner"
  | "Achievement"
  | "CreditTransfer"
  | "TransferAppeal"
  | "LedgerEntry";

/** A canonical lower-case UUID (every table key). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_ID_LENGTH = 128;

/** Opaque to clients: base64url of "Type:uuid". */
export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64url");
}

export interface DecodedId {
  type: string;
  id: string;
}

/** Null when the ID is not one Ronghe issued (bad base64, no type, not a UUID). */
export function decodeGlobalId(globalId: string): DecodedId | null {
  if (typeof globalId !== "string" || globalId.length === 0 || globalId.length > MAX_ID_LENGTH) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  const type = text.slice(0, colon);
  const id = text.slice(colon + 1);
  return UUID.test(id) ? { type, id } : null;
}

/** For mutation inputs: a malformed or wrong-type ID is a userError on `field`. */
export function parseInputId(globalId: string, expected: NodeType, field: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== expected) {
    throw new DomainError(UserErrorCode.INVALID_ID, field, `"${truncate(globalId)}" is not a valid ${expected} ID`);
  }
  return decoded.id;
}

/** For query arguments: a malformed or wrong-type ID is a top-level BAD_USER_INPUT error. */
export function parseArgumentId(globalId: string, expected: NodeType, argument: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== expected) {
    throw badUserInput(`Argument "${argument}": "${truncate(globalId)}" is not a valid ${expected} ID`);
  }
  return decoded.id;
}

function truncate(text: string): string {
  const value = String(text);
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
