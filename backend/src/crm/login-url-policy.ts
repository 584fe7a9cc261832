import { BadRequestError } from '../errors.ts';

export interface LoginUrlPolicy {
  /** Host names allowed; `*.example.com` allows any subdomain of example.com. */
  hosts: readonly string[];
  /** Allow http(s)://127.0.0.1, ::1 and localhost: for tests and the demo's Salesforce stand-in. */
  allowLoopback: boolean;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a Salesforce login URL before anything is sent to it. A hosted backend must not be
 * pointed at internal addresses (a request forgery into the operator's network), so only hosts
 * the operator allows pass: Salesforce's own domains by default, loopback only when enabled.
 */
export function checkLoginUrl(raw: string, policy: LoginUrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadRequestError(`The login URL ${JSON.stringify(raw)} is not a URL`, [{ field: 'body.loginUrl', message: 'Give a URL such as https://login.salesforce.com' }]);
  }
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_HOSTS.has(host);
  if (loopback) {
    if (!policy.allowLoopback) {
      throw new BadRequestError('Loopback login URLs are disabled', [{ field: 'body.loginUrl', message: 'Set SALESFORCE_ALLOW_LOOPBACK=true to allow them (tests and the demo only)' }]);
    }
    return url;
  }
  if (url.protocol !== 'https:') throw new BadRequestError('The login URL must use https', [{ field: 'body.loginUrl', message: 'Use an https:// URL' }]);
  if (url.username || url.password) throw new BadRequestError('The login URL must not contain credentials', [{ field: 'body.loginUrl', message: 'Remove user:password@ from the URL' }]);
  const allowed = policy.hosts.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern.toLowerCase()));
  if (!allowed) {
    throw new BadRequestError(`The login URL's host ${host} is not an allowed Salesforce host`, [
      { field: 'body.loginUrl', message: `Allowed: ${policy.hosts.join(', ')}. An operator can extend SALESFORCE_LOGIN_HOSTS.` },
    ]);
  }
  return url;
}
