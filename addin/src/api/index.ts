export { ApiError, createApiClient, type ApiClient, type ApiClientOptions, type CallInput, type CallResult } from './api-client.ts';
