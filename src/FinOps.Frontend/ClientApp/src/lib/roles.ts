import { ROLES, type Role } from '../api/types';

/** Whether `role` is `minimum` or above in viewer < analyst < operator < admin. */
export function roleAtLeast(role: Role | string | null | undefined, minimum: Role): boolean {
  const index = ROLES.indexOf(role as Role);
  return index >= 0 && index >= ROLES.indexOf(minimum);
}
