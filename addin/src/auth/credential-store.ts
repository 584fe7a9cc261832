/**
 * How the add-in is signed in to Scorebridge, kept in the add-in's own storage: `OfficeRuntime.storage`
 * when Office provides it (shared by the task pane and the worksheet functions of one runtime), else
 * the page's `localStorage`. Never in the workbook: a key in document settings or cells would travel
 * with every copy of the file.
 *
 * The task pane writes the sign-in; the worksheet functions and the pane read `getCredential()` before
 * each call, so signing in again or out takes effect at once everywhere.
 */

/** A pasted API key, or Office single sign-on (its token is asked from Office at each call, never stored). */
export type SignIn = { method: 'api_key'; apiKey: string; serviceUrl: string } | { method: 'office_sso'; serviceUrl: string };

/** The async key-value storage both `OfficeRuntime.storage` and our `localStorage` adapter offer. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

interface OfficeRuntimeLike {
  storage?: KeyValueStorage;
  auth?: { getAccessToken(options?: { allowSignInPrompt?: boolean; allowConsentPrompt?: boolean; forMSGraphAccess?: boolean }): Promise<string> };
}

const STORAGE_KEY = 'scorebridge.sign-in';

function officeRuntime(): OfficeRuntimeLike | undefined {
  return (globalThis as { OfficeRuntime?: OfficeRuntimeLike }).OfficeRuntime;
}

function localStorageAdapter(): KeyValueStorage | undefined {
  const local = (globalThis as { localStorage?: Storage }).localStorage;
  if (!local) return undefined;
  return {
    getItem: async (key) => local.getItem(key),
    setItem: async (key, value) => local.setItem(key, value),
    removeItem: async (key) => local.removeItem(key),
  };
}

let storageOverride: KeyValueStorage | undefined;

/** Tests (and nothing else) choose the storage; `undefined` goes back to the default. */
export function useStorageForTests(storage: KeyValueStorage | undefined): void {
  storageOverride = storage;
}

function storage(): KeyValueStorage {
  const chosen = storageOverride ?? officeRuntime()?.storage ?? localStorageAdapter();
  if (!chosen) throw new Error('No storage for the sign-in: neither OfficeRuntime.storage nor localStorage is available');
  return chosen;
}

function parseSignIn(text: string | null): SignIn | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<SignIn> & { apiKey?: unknown };
    if (typeof value.serviceUrl !== 'string') return null;
    if (value.method === 'api_key' && typeof value.apiKey === 'string' && value.apiKey) return { method: 'api_key', apiKey: value.apiKey, serviceUrl: value.serviceUrl };
    if (value.method === 'office_sso') return { method: 'office_sso', serviceUrl: value.serviceUrl };
    return null;
  } catch {
    return null;
  }
}

/** The stored sign-in (without asking Office for a token), or null when signed out. */
export async function getSignIn(): Promise<SignIn | null> {
  return parseSignIn(await storage().getItem(STORAGE_KEY));
}

export async function setCredential(signIn: SignIn): Promise<void> {
  await storage().setItem(STORAGE_KEY, JSON.stringify(signIn));
}

export async function clearCredential(): Promise<void> {
  await storage().removeItem(STORAGE_KEY);
}

/** Office's single sign-on token, or an Error saying why there is none (outside Office, not configured, ...). */
export async function getOfficeToken(): Promise<string> {
  const runtimeAuth = officeRuntime()?.auth;
  const officeAuth = (globalThis as { Office?: { auth?: OfficeRuntimeLike['auth'] } }).Office?.auth;
  const auth = runtimeAuth ?? officeAuth;
  if (!auth) throw new Error('Office single sign-on is not available here (this Office host offers no OfficeRuntime.auth); paste an API key instead');
  try {
    return await auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true });
  } catch (error) {
    const detail = error && typeof error === 'object' && 'code' in error ? ` (Office error ${String((error as { code: unknown }).code)})` : '';
    const message = error instanceof Error ? error.message : error && typeof error === 'object' && 'message' in error ? String((error as { message: unknown }).message) : String(error);
    throw new Error(`Office single sign-on failed${detail}: ${message}. Paste an API key instead, or ask your admin to register the add-in's identity provider in AUTH_JWT_PROVIDERS`, { cause: error });
  }
}

/** The bearer credential to send now: the stored API key, a fresh Office token, or null when signed out. */
export async function getCredential(): Promise<string | null> {
  const signIn = await getSignIn();
  if (!signIn) return null;
  return signIn.method === 'api_key' ? signIn.apiKey : getOfficeToken();
}

/** Where the Scorebridge API is: the stored address, else the origin that served the add-in. */
export async function getServiceUrl(): Promise<string | null> {
  const signIn = await getSignIn();
  if (signIn) return signIn.serviceUrl;
  const origin = (globalThis as { location?: Location }).location?.origin;
  return origin && origin !== 'null' ? origin : null;
}
