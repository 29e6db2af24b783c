import { DomainError, DomainErrors, type UserError } from "./user-error.js";

export type Payload<T> = (T & { replayed: boolean; userErrors: UserError[] }) | { replayed: false; userErrors: UserError[] };

/**
 * The one place where refused use cases become `userErrors`. Anything else
 * propagates and is masked by Apollo's error formatter (logged, no SQL or stack).
 */
export async function runMutation<T extends object>(work: () => Promise<T & { replayed?: boolean }>): Promise<Payload<T>> {
  try {
    const result = await work();
    return { ...result, replayed: result.replayed ?? false, userErrors: [] };
  } catch (error) {
    if (error instanceof DomainError) return { replayed: false, userErrors: [error.toUserError()] };
    if (error instanceof DomainErrors) return { replayed: false, userErrors: error.errors.map((each) => each.toUserError()) };
    throw error;
  }
}
