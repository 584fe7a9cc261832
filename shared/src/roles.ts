import { z } from 'zod';

/**
 * Roles, from least to most trusted. `service` is for machine credentials (a Salesforce org, a
 * worker) and is granted per route rather than implied by any other role.
 */
export const ROLES = Object.freeze(['rep', 'analyst', 'admin', 'service'] as const);
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES).meta({ id: 'Role' });

/** Role sets that routes grant, named once so that every route reads the same way. */
export const ROLE_SETS = Object.freeze({
  everyone: ROLES,
  people: ['rep', 'analyst', 'admin'],
  analysts: ['analyst', 'admin'],
  admins: ['admin'],
} as const satisfies Record<string, readonly Role[]>);
