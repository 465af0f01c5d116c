// The admin API from the same origin, with the signed-in key as a Bearer token. Failures become an
// ApiError carrying the API's own message ({"error": "..."}), which pages show as they are.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Routes that act on one tenant's data, where the operator's tenant choice applies. */
const OPERATOR_ROUTES = /^\/api\/(tenants|whoami|openapi\.json|diagnose|recovery)(\/|\?|$)/;

export function tenantScoped(path) {
  return path.startsWith('/api/') && !OPERATOR_ROUTES.test(path);
}

/** Calls the API; resolves to {status, body, etag}; rejects with ApiError on a non-2xx answer. */
export async function call(method, path, { body, ifMatch, apiKey } = {}) {
  const headers = { accept: 'application/json' };
  const bearer = apiKey ?? session.key();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  const tenant = apiKey ? null : session.tenant();
  if (tenant && tenantScoped(path)) headers['x-vigil-tenant'] = tenant;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    throw new ApiError(0, 'Vigil could not be reached; check your connection.');
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = null;
    }
  }
  if (!response.ok) {
    const message = parsed && (parsed.error || parsed.message) ? parsed.error || parsed.message : `HTTP ${response.status}`;
    if (response.status === 401 && !apiKey) {
      window.dispatchEvent(new CustomEvent('vigil:unauthorized'));
    }
    throw new ApiError(response.status, message);
  }
  return { status: response.status, body: parsed, etag: response.headers.get('etag') };
}

export const get = (path, options) => call('GET', path, options).then((r) => r.body);
export const post = (path, body, options = {}) => call('POST', path, { ...options, body });
export const put = (path, body, options = {}) => call('PUT', path, { ...options, body });
export const del = (path, options = {}) => call('DELETE', path, options);
