import { meRoutes } from '@scorebridge/shared';
import { bindRoute, type RouteSurface } from '../api/bind-route.ts';
import type { Db } from '../db/client.ts';
import { findWorkspaceById } from '../workspaces/workspaces.repo.ts';
import type { UsersService } from './users.service.ts';

export function registerMeRoutes(surface: RouteSurface, { db, users }: { db: Db; users: UsersService }): void {
  bindRoute(surface, meRoutes.get, async ({ principal }) => {
    const [user, workspace] = await Promise.all([users.get(principal.workspaceId, principal.userId), findWorkspaceById(db, principal.workspaceId)]);
    return {
      user,
      workspace: { id: workspace!.id, name: workspace!.name, slug: workspace!.slug, createdAt: workspace!.createdAt.toISOString() },
      credential: { type: principal.credential, apiKeyId: principal.apiKeyId },
    };
  });
}
