import { GraphQLError } from "graphql";
import type { TokenVerifier } from "./jwt.js";
import { InvalidTokenError } from "./jwt.js";
import { Viewer } from "./viewer.js";
import { decodeGlobalId } from "../graphql/global-id.js";
import type { Services } from "../graphql/context.js";

// Ronghe's claims fit in a few hundred bytes; refusing longer tokens before
// decoding keeps an attacker from making every request parse and hash kilobytes.
// (Node itself answers 431 when all headers together exceed 16 KiB.)
const MAX_AUTHORIZATION_LENGTH = 8192;

function rejected(reason: string): GraphQLError {
  return new GraphQLError(`Invalid bearer token: ${reason}`, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/**
 * Turns the Authorization header into a Viewer. No header: anonymous.
 * Anything wrong with a presented token: HTTP 401 UNAUTHENTICATED, never a
 * silent downgrade to anonymous.
 */
export async function authenticate(header: string | undefined, verify: TokenVerifier, services: Services): Promise<Viewer> {
  if (header === undefined || header === "") return Viewer.anonymous();
  if (header.length > MAX_AUTHORIZATION_LENGTH) throw rejected(`token longer than ${MAX_AUTHORIZATION_LENGTH} characters`);
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim());
  if (!match) throw rejected("expected 'Authorization: Bearer <JWT>'");
  let claims;
  try {
    claims = await verify(match[1]);
  } catch (error) {
    throw rejected(error instanceof InvalidTokenError ? error.message : "not verifiable");
  }
  let organizationId: string | null = null;
  if (claims.org !== null) {
    const decoded = decodeGlobalId(claims.org);
    if (!decoded || decoded.type !== "Organization") throw rejected('claim "org" is not an organization ID');
    if (!(await services.organizations.exists(decoded.id))) throw rejected('claim "org" names an organization that does not exist');
    organizationId = decoded.id;
  }
  return new Viewer({ subject: claims.sub, role: claims.role, organizationId });
}
