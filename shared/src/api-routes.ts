import { apiKeyRoutes } from './api-keys.ts';
import { auditEventRoutes } from './audit-events.ts';
import { crmRoutes } from './crm.ts';
import { datasetRoutes } from './datasets.ts';
import { promotionRoutes, registryRoutes } from './registry.ts';
import { trainingRoutes } from './training.ts';
import { meRoutes } from './me.ts';
import type { RouteContract } from './route-contract.ts';
import { servingRoutes } from './serving.ts';
import { systemRoutes } from './system.ts';
import { userRoutes } from './users.ts';

/** Every route of the API, by capability. A new capability adds its routes here; the OpenAPI test checks the server serves exactly these. */
export const API_ROUTE_GROUPS = Object.freeze({ systemRoutes, meRoutes, userRoutes, apiKeyRoutes, auditEventRoutes, crmRoutes, datasetRoutes, trainingRoutes, registryRoutes, promotionRoutes, servingRoutes });

export const ALL_ROUTE_CONTRACTS: readonly RouteContract[] = Object.values(API_ROUTE_GROUPS).flatMap((group) => Object.values(group));
