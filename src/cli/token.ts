import { parseArgs } from "node:util";
import { loadConfig } from "../config/config.js";
import { resolveSecret, signDevelopmentToken } from "../auth/jwt.js";
import { ROLES, type Role } from "../auth/viewer.js";

const USAGE = "usage: npm run token -- --role admin|registrar|provider|learner [--org <organization ID>] [--sub <subject>] [--expires 12h]";

async function main() {
  const { values } = parseArgs({
    options: { role: { type: "string" }, org: { type: "string" }, sub: { type: "string" }, expires: { type: "string" } },
  });
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role is required. ${USAGE}`);
  if ((role === "registrar" || role === "provider") && !values.org) throw new Error(`--org is required for ${role}. ${USAGE}`);
  if (role === "learner" && !values.sub) throw new Error(`--sub <learner ID> is required for learner. ${USAGE}`);
  const config = loadConfig();
  const secret = resolveSecret(config);
  if (!secret) throw new Error("JWT_SECRET is not set and the server uses a public key or DATABASE_URL: set JWT_SECRET to sign development tokens");
  process.stdout.write(`${await signDevelopmentToken(config, secret, { role, org: values.org, sub: values.sub, expiresIn: values.expires })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
