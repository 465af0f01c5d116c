// One tenant (the operator's key): its settings, edit, pause / resume, its ping key (show, copy, rotate, revoke) and
// its API keys: list, issue (the key is shown once, here, and never again), revoke. A tenant's own admin key sees
// its ping key card only.
import { h, replace, errorBox, emptyState, keepingFocus, copyButton } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { operatorOnly, tenantForm } from './page-tenants.js';
import { pingKeyCard } from './ping-key.js';

/** A tenant's admin key on its own tenant's page: the ping key card (its current key is the operator's to read). */
function ownTenant(root, id) {
  const ping = pingKeyCard(id, undefined, async () => {});
  replace(root, h('h1', { id: 'tenant-name' }, 'Your tenant'), ping.card);
  return { title: 'Ping key' };
}

function keyState(key) {
  return key.revokedAt ? 'revoked' : 'active';
}

export async function mount(root, params) {
  const identity = session.who();
  if (!identity.operator && !identity.readOnly && identity.tenantId === params.id) return ownTenant(root, params.id);
  if (!identity.operator) return operatorOnly(root);
  const id = params.id;
  const path = `/api/tenants/${encodeURIComponent(id)}`;
  const heading = h('h1', { id: 'tenant-name' });
  const facts = h('div');
  const formSlot = h('div');
  const message = h('div', { 'aria-live': 'polite' });
  const issued = h('div', { id: 'issued-slot' });
  const keysList = h('div', { id: 'keys' });
  let tenant = null;
  let keys = [];
  let ping = null;
  const pingSlot = h('div');

  function renderTenant() {
    replace(heading, tenant.name, h('span', { class: `badge badge--${tenant.paused ? 'paused' : 'up'}` },
      tenant.paused ? 'paused' : 'active'));
    const active = tenant.activeHours;
    replace(facts, h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, 'Id'), h('dd', { class: 'wrap' }, tenant.id),
        h('dt', {}, 'Time zone'), h('dd', {}, tenant.timezone),
        h('dt', {}, 'Sweep'), h('dd', {}, `every ${tenant.sweepIntervalMinutes} min`),
        h('dt', {}, 'Active hours'), h('dd', {}, active ? (active.start === active.end ? 'around the clock' : `${active.start}–${active.end}`) : '—'),
        h('dt', {}, 'Last sweep'), h('dd', { title: stamp(tenant.lastSweepAt) }, tenant.lastSweepAt ? ago(tenant.lastSweepAt) : 'never')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--small', id: 'edit-tenant', 'data-focus': 'edit',
          onclick: () => {
            replace(formSlot, tenantForm(tenant, async () => { replace(formSlot); await refresh(); }, () => replace(formSlot)));
            formSlot.querySelector('input').focus();
          } }, 'Edit'),
        h('button', { type: 'button', class: 'button button--small', id: 'pause-tenant', 'data-focus': 'paused',
          onclick: () => setPaused(!tenant.paused) }, tenant.paused ? 'Resume' : 'Pause'))));
  }

  async function setPaused(paused) {
    try {
      await api.put(path, { paused }, { ifMatch: `"${tenant.version}"` });
      await refresh();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  async function revoke(key) {
    if (!window.confirm(`Revoke the key ${key.name} (${key.prefix}…)? Whoever uses it is refused from now on.`)) return;
    try {
      await api.del(`${path}/keys/${encodeURIComponent(key.id)}`);
      await refresh();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function renderKeys() {
    if (keys.length === 0) {
      replace(keysList, emptyState('No keys yet.',
        h('p', {}, 'Issue a key for this tenant: an admin key to manage its applications and channels, or a read-only key for a wall screen.')));
      return;
    }
    replace(keysList, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'API keys'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Starts with'),
        h('th', { scope: 'col' }, 'Last used'), h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, keys.map((key) => h('tr', { 'data-id': key.id, 'data-state': keyState(key) },
        h('td', {}, key.name),
        h('td', {}, key.role),
        h('td', {}, h('code', {}, `${key.prefix}…`)),
        h('td', { title: stamp(key.lastUsedAt) }, key.lastUsedAt ? ago(key.lastUsedAt) : 'never'),
        h('td', { title: stamp(key.revokedAt) }, key.revokedAt ? `revoked ${ago(key.revokedAt)}` : 'active'),
        h('td', { class: 'row-actions' }, key.revokedAt ? null : h('button', {
          type: 'button', class: 'button button--small button--danger', 'data-action': 'revoke',
          'data-focus': `${key.id}:revoke`, onclick: () => revoke(key) }, 'Revoke'))))))));
  }

  function issueForm() {
    const name = h('input', { id: 'key-name', name: 'name', required: true, maxlength: 100 });
    const role = h('select', { id: 'key-role', name: 'role' },
      h('option', { value: 'admin' }, 'admin: reads and changes the tenant\'s data'),
      h('option', { value: 'read-only' }, 'read-only: reads only'));
    const problem = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'card form', id: 'issue-form', novalidate: true },
      h('h2', {}, 'Issue a key'),
      h('label', { for: 'key-name' }, 'Name (who or what uses it)'), name,
      h('label', { for: 'key-role' }, 'Role'), role,
      problem,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button', id: 'issue-submit' }, 'Issue key')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const created = await api.post(`${path}/keys`, { name: name.value.trim(), role: role.value });
        name.value = '';
        replace(problem);
        showIssued(created.body);
        await refresh();
      } catch (e) {
        replace(problem, errorBox(e.message));
      }
    });
    return form;
  }

  // The key itself lives only in this box: it is not kept anywhere, so a reload or another page loses it.
  function showIssued(key) {
    const code = h('code', { id: 'issued-key' }, key.key);
    replace(issued, h('section', { class: 'card issued', role: 'status' },
      h('h2', {}, `Key ${key.name} (${key.role})`),
      h('div', { class: 'copy-line' }, code, copyButton(key.key, 'Copy the new key', { id: 'copy-key' })),
      h('p', { class: 'message message--warning', id: 'issued-note' },
        'Copy it now: you won\'t see it again. Vigil keeps only a hash of it; if it is lost, revoke it and issue another.'),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button button--quiet', id: 'issued-done',
        onclick: () => replace(issued) }, 'Done, I have copied it'))));
    issued.querySelector('#copy-key').focus();
  }

  async function refresh() {
    const [loaded, keyPage] = await Promise.all([api.get(path), api.get(`${path}/keys`)]);
    tenant = loaded;
    if (ping) ping.update(tenant.pingKey ?? null);
    else {
      ping = pingKeyCard(id, tenant.pingKey ?? null, refresh);
      replace(pingSlot, ping.card);
    }
    keys = keyPage.keys.slice().sort((a, b) => (a.revokedAt ? 1 : 0) - (b.revokedAt ? 1 : 0) || b.createdAt.localeCompare(a.createdAt));
    keepingFocus(() => {
      renderTenant();
      renderKeys();
    });
  }

  replace(root,
    h('p', {}, h('a', { href: '#/tenants' }, '← Tenants')),
    heading, message, formSlot, facts, pingSlot,
    h('h2', {}, 'API keys'), issued, issueForm(), keysList);
  await refresh();
  return {
    title: tenant.name,
    refresh: async () => {
      try {
        await refresh();
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
