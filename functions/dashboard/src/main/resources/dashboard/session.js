// The API key lives in this tab's sessionStorage only: it is gone when the tab closes, it is never put
// in a URL, and it is never logged.

const KEY = 'vigil.key';
const WHO = 'vigil.who';

export function key() {
  return sessionStorage.getItem(KEY);
}

/** Who the key is ({role, tenantId, operator, readOnly}), as GET /api/whoami answered at sign-in. */
export function who() {
  const stored = sessionStorage.getItem(WHO);
  return stored ? JSON.parse(stored) : null;
}

export function signIn(apiKey, identity) {
  sessionStorage.setItem(KEY, apiKey);
  sessionStorage.setItem(WHO, JSON.stringify(identity));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(WHO);
  sessionStorage.removeItem(TENANT);
}

export function signedIn() {
  return key() !== null && who() !== null;
}

export function readOnly() {
  const identity = who();
  return !identity || identity.readOnly === true;
}

const TENANT = 'vigil.tenant';

/** The tenant the operator's key acts on (sent as X-Vigil-Tenant), or null for the default tenant. */
export function tenant() {
  const identity = who();
  return identity && identity.operator ? sessionStorage.getItem(TENANT) : null;
}

export function chooseTenant(id) {
  if (id && id !== 'default') sessionStorage.setItem(TENANT, id);
  else sessionStorage.removeItem(TENANT);
}
