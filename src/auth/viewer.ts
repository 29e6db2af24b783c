import { forbidden, unauthenticated } from "../graphql/errors.js";

export type Role = "admin" | "registrar" | "provider" | "learner";
export const ROLES: readonly Role[] = ["admin", "registrar", "provider", "learner"];

/** An authenticated caller: who (subject), in which role, for which organization. */
export interface Actor {
  subject: string;
  role: Role;
  /** Organization UUID for registrars and providers; null otherwise. */
  organizationId: string | null;
}

/** The caller of one request; anonymous when no token was sent. */
export class Viewer {
  constructor(readonly actor: Actor | null) {}

  static anonymous(): Viewer {
    return new Viewer(null);
  }

  get isAdmin(): boolean {
    return this.actor?.role === "admin";
  }

  /** The actor, if its role is one of `roles`; UNAUTHENTICATED without a token, FORBIDDEN otherwise. */
  requireRole(...roles: Role[]): Actor {
    if (!this.actor) throw unauthenticated("This operation needs a bearer token");
    if (!roles.includes(this.actor.role)) {
      throw forbidden(`This operation needs the role ${roles.join(" or ")}; the token has ${this.actor.role}`);
    }
    return this.actor;
  }

  /** Admins, or registrars and providers of `organizationId`, may write for it. */
  requireOrganizationWriter(organizationId: string): Actor {
    const actor = this.requireRole("admin", "registrar", "provider");
    if (actor.role !== "admin" && actor.organizationId !== organizationId) {
      throw forbidden("The token's organization may not write for another organization");
    }
    return actor;
  }

  /** True when the caller may see unpublished data of `organizationId`. */
  canSeeDraftsOf(organizationId: string): boolean {
    return this.isAdmin || (this.actor !== null && this.actor.organizationId === organizationId);
  }
}
