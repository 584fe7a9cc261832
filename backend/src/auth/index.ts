export { authenticate, type CachedCredential } from './authenticate.ts';
export { clearOnCredentialChanges, createCredentialCache, type CredentialCache } from './credential-cache.ts';
export { createApiKeysService, issueApiKey, type ApiKeysService } from './api-keys.service.ts';
export { registerApiKeyRoutes } from './api-keys.routes.ts';
export { createJwtVerifier, type JwtVerifier } from './jwt-verifier.ts';
export { registerMeRoutes } from './me.routes.ts';
export { actorOf, type Actor, type Principal } from './principal.ts';
export { createUsersService, toUser, type UsersService } from './users.service.ts';
export { registerUserRoutes } from './users.routes.ts';
