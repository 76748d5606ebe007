import type { ApiKeyRole } from '../request-context/request-context';

const RANK: Record<ApiKeyRole, number> = { viewer: 1, manager: 2, admin: 3 };

/** Roles are ordered: admin can do all a manager can, a manager all a viewer can. */
export function roleSatisfies(held: ApiKeyRole, required: ApiKeyRole): boolean {
  return RANK[held] >= RANK[required];
}
