// Tenants (the operator's key only): the list with schedule and state; create, edit, pause and resume.
// A tenant's keys are on its own page (page-tenant.js).
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { listTenants } from './tenant-picker.js';

/** Tells the header's tenant picker that the list of tenants changed. */
export function tenantsChanged() {
  window.dispatchEvent(new CustomEvent('vigil:tenants-changed'));
}

export function operatorOnly(root) {
  replace(root, h('h1', {}, 'Tenants'), emptyState('Only the operator manages tenants.',
    h('p', {}, 'Sign in with the operator\'s admin key to create tenants and issue their keys.')));
  return { title: 'Tenants' };
}

function hours(range) {
  if (!range) return '—';
  return range.start === range.end ? 'around the clock' : `${range.start}–${range.end}`;
}

/** The create / edit form; tenant is null to create one. onDone receives the saved tenant. */
export function tenantForm(tenant, onDone, onCancel) {
  const prefix = tenant ? 'edit' : 'new';
  const field = (name, label, attributes) => {
    const input = h('input', { id: `${prefix}-${name}`, name, ...attributes });
    return [h('label', { for: `${prefix}-${name}` }, label), input];
  };
  const [nameLabel, name] = field('tenant-name', 'Name', { required: true, maxlength: 100, value: tenant ? tenant.name : '' });
  const [zoneLabel, zone] = field('timezone', 'Time zone (IANA, e.g. Europe/Paris)', { value: tenant ? tenant.timezone : 'UTC',
    autocomplete: 'off', spellcheck: 'false' });
  const [sweepLabel, sweep] = field('sweep', 'Sweep every (minutes, 5–1440)', { type: 'number', min: 5, max: 1440,
    value: tenant ? tenant.sweepIntervalMinutes : 30 });
  const active = tenant && tenant.activeHours ? tenant.activeHours : { start: '09:00', end: '21:00' };
  const [startLabel, start] = field('active-start', 'Active from (HH:MM)', { value: active.start, inputmode: 'numeric' });
  const [endLabel, end] = field('active-end', 'Active until (HH:MM)', { value: active.end, inputmode: 'numeric' });
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', id: `${prefix}-tenant-form`, novalidate: true },
    h('h2', {}, tenant ? `Edit ${tenant.name}` : 'Create a tenant'),
    nameLabel, name, zoneLabel, zone, sweepLabel, sweep, startLabel, start, endLabel, end,
    h('p', { class: 'hint' }, 'Checks are swept during active hours, in the tenant\'s time zone; the same start and end means around the clock.'),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: `${prefix}-tenant-submit` }, tenant ? 'Save' : 'Create tenant'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: onCancel }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: name.value.trim(),
      timezone: zone.value.trim(),
      activeHours: { start: start.value.trim(), end: end.value.trim() },
    };
    if (sweep.value !== '') body.sweepIntervalMinutes = Number(sweep.value);
    try {
      const saved = tenant
        ? await api.put(`/api/tenants/${encodeURIComponent(tenant.id)}`, body, { ifMatch: `"${tenant.version}"` })
        : await api.post('/api/tenants', body);
      tenantsChanged();
      onDone(saved.body);
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });
  return form;
}

export async function mount(root) {
  if (!session.who().operator) return operatorOnly(root);
  const message = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const list = h('div', { id: 'tenants' });
  let tenants = [];

  const createButton = h('button', {
    type: 'button', class: 'button', id: 'new-tenant',
    onclick: () => {
      replace(formSlot, tenantForm(null, (created) => {
        window.location.hash = `/tenants/${encodeURIComponent(created.id)}`;
      }, () => replace(formSlot)));
      formSlot.querySelector('input').focus();
    },
  }, 'Create tenant');

  async function setPaused(tenant, paused) {
    try {
      await api.put(`/api/tenants/${encodeURIComponent(tenant.id)}`, { paused }, { ifMatch: `"${tenant.version}"` });
      await refresh();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function edit(tenant) {
    replace(formSlot, tenantForm(tenant, async () => {
      replace(formSlot);
      await refresh();
    }, () => replace(formSlot)));
    formSlot.querySelector('input').focus();
  }

  function row(tenant) {
    const state = tenant.paused ? 'paused' : 'up';
    return h('tr', { 'data-id': tenant.id, 'data-paused': String(tenant.paused) },
      h('td', {}, h('a', { href: `#/tenants/${encodeURIComponent(tenant.id)}`, class: 'tenant-name', 'data-focus': `${tenant.id}:open` },
        tenant.name), h('div', { class: 'hint' }, tenant.id)),
      h('td', {}, h('span', { class: `badge badge--${state}` }, tenant.paused ? 'paused' : 'active')),
      h('td', {}, tenant.timezone),
      h('td', {}, `every ${tenant.sweepIntervalMinutes} min, ${hours(tenant.activeHours)}`),
      h('td', { title: stamp(tenant.lastSweepAt) }, tenant.lastSweepAt ? ago(tenant.lastSweepAt) : 'never'),
      h('td', { class: 'row-actions' },
        h('a', { class: 'button button--small button--quiet', href: `#/tenants/${encodeURIComponent(tenant.id)}`,
          'data-action': 'keys', 'data-focus': `${tenant.id}:keys` }, 'Keys'),
        h('button', { type: 'button', class: 'button button--small', 'data-action': 'edit', 'data-focus': `${tenant.id}:edit`,
          onclick: () => edit(tenant) }, 'Edit'),
        h('button', { type: 'button', class: 'button button--small', 'data-action': tenant.paused ? 'resume' : 'pause',
          'data-focus': `${tenant.id}:paused`, onclick: () => setPaused(tenant, !tenant.paused) }, tenant.paused ? 'Resume' : 'Pause')));
  }

  function render() {
    if (tenants.length === 0) {
      replace(list, emptyState('No tenants yet.',
        h('p', {}, 'Create your first tenant, then issue it a key: its people sign in with that key and see only their own services.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Tenants'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Time zone'),
        h('th', { scope: 'col' }, 'Sweep'), h('th', { scope: 'col' }, 'Last sweep'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, tenants.map(row)))));
  }

  async function refresh() {
    tenants = await listTenants();
    tenants.sort((a, b) => a.name.localeCompare(b.name));
    keepingFocus(render);
  }

  replace(root, h('div', { class: 'page-head' }, h('h1', {}, 'Tenants'), createButton), formSlot, message, list);
  return livePage('Tenants', refresh, list, message, { clears: false });
}
