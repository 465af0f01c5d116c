// The operator's tenant choice in the header: which tenant's applications, channels, checks and alerts
// the pages show. Kept in this tab's session storage; api.js sends it as X-Vigil-Tenant.
import { h, replace } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';

/** Every tenant, following nextToken. */
export async function listTenants() {
  const all = [];
  let token = null;
  do {
    const page = await api.get(`/api/tenants?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    all.push(...page.tenants);
    token = page.nextToken || null;
  } while (token && all.length < 2000);
  return all;
}

/**
 * Fills slot with a tenant select for the operator's key (hidden for any other key); choosing a tenant
 * calls onChoose so the current page loads that tenant's data.
 */
export async function showTenantPicker(slot, onChoose) {
  const identity = session.who();
  if (!identity || !identity.operator) {
    slot.hidden = true;
    replace(slot);
    return;
  }
  let tenants;
  try {
    tenants = await listTenants();
  } catch (e) {
    slot.hidden = true;
    return;
  }
  tenants.sort((a, b) => (a.id === 'default' ? -1 : b.id === 'default' ? 1 : a.name.localeCompare(b.name)));
  if (!tenants.some((t) => t.id === 'default')) tenants.unshift({ id: 'default', name: 'default' });
  const chosen = session.tenant() || 'default';
  if (!tenants.some((t) => t.id === chosen)) session.chooseTenant(null);
  const select = h('select', { id: 'tenant-picker', 'aria-label': 'Tenant shown' },
    tenants.map((t) => h('option', { value: t.id, selected: t.id === (session.tenant() || 'default') },
      t.id === 'default' ? 'default tenant' : `${t.name} (${t.id})`)));
  select.addEventListener('change', () => {
    session.chooseTenant(select.value);
    onChoose();
  });
  replace(slot, h('label', { for: 'tenant-picker', class: 'visually-hidden' }, 'Tenant'), select);
  slot.hidden = false;
}
