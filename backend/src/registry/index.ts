export { parseModelReference, resolveModelReference, type ModelReference, type ResolvedVersion } from './model-reference.ts';
export { checkRegistrationTarget, registerTrainedVersion, sameTarget } from './register-version.ts';
export { createRegistryService, toModelVersion, toRegisteredModel, type RegistryService } from './registry.service.ts';
export { registerRegistryRoutes } from './registry.routes.ts';
export { listenForRegistryChanges, notifyRegistryChange, REGISTRY_CHANNEL, type RegistryChange } from './registry-changes.ts';
export { createPromotionsService, toPromotionRequest, type AliasMovedHook, type PromotionsService } from './promotions/promotions.service.ts';
export { registerPromotionRoutes } from './promotions/promotions.routes.ts';
export { DEFAULT_PROMOTION_POLICY, type PromotionPolicy } from './promotions/promotion-policy.ts';
export { uploadModelVersion } from './upload-version.ts';
