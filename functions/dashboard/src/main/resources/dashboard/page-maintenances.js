// Maintenance notices: scheduled windows (entered in your local time, sent as UTC) and the components they
// affect, which the status pages show as "maintenance", not down, during the window. Schedule, edit
// (If-Match its version) and delete for an admin key.
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { stamp } from './format.js';
import { loadComponents, componentPicker, componentLabel, localToIso, isoToLocal } from './status-components.js';

/** Where a window stands at now: upcoming, in progress or over. */
export function phase(maintenance, now = Date.now()) {
  if (now < Date.parse(maintenance.start)) return 'upcoming';
  return now < Date.parse(maintenance.end) ? 'in progress' : 'over';
}

const PHASE_BADGES = { upcoming: 'badge--new', 'in progress': 'badge--late', over: 'badge--paused' };

function maintenanceForm(all, existing, onSaved, onCancel) {
  const prefix = existing ? 'edit-maintenance' : 'maintenance';
  const title = h('input', { id: `${prefix}-title`, required: true, maxlength: 200, value: existing ? existing.title : '' });
  const text = h('textarea', { id: `${prefix}-message`, rows: 2, maxlength: 4000 });
  text.value = existing ? existing.message : '';
  const start = h('input', { id: `${prefix}-start`, type: 'datetime-local', required: true, value: existing ? isoToLocal(existing.start) : '' });
  const end = h('input', { id: `${prefix}-end`, type: 'datetime-local', required: true, value: existing ? isoToLocal(existing.end) : '' });
  const picker = componentPicker(all, existing ? existing.affected : [], prefix);
  const problem = h('div', { 'aria-live': 'polite' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time';
  const form = h('form', { class: 'card form form--wide', id: `${prefix}-form`, novalidate: true },
    h('h2', {}, existing ? `Edit ${existing.title}` : 'Schedule maintenance'),
    h('label', { for: `${prefix}-title` }, 'Title (public)'), title,
    h('label', { for: `${prefix}-message` }, 'Message (public, optional)'), text,
    h('label', { for: `${prefix}-start` }, `Starts (${zone})`), start,
    h('label', { for: `${prefix}-end` }, `Ends (${zone})`), end,
    picker.element, problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: `${prefix}-submit` }, existing ? 'Save' : 'Schedule'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: onCancel }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const from = localToIso(start.value);
    const until = localToIso(end.value);
    if (!from || !until) {
      replace(problem, errorBox('Give the window\'s start and end, date and time.'));
      return;
    }
    if (Date.parse(until) <= Date.parse(from)) {
      replace(problem, errorBox('The window must end after it starts.'));
      return;
    }
    const body = { title: title.value.trim(), message: text.value.trim(), start: from, end: until, affected: picker.value() };
    try {
      if (existing) {
        await api.put(`/api/maintenances/${encodeURIComponent(existing.id)}`, body, { ifMatch: `"${existing.version}"` });
      } else {
        await api.post('/api/maintenances', body);
      }
      onSaved();
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });
  return form;
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'maintenances' });
  const formSlot = h('div');
  let all = [];
  let loaded = false;

  async function components() {
    if (!loaded) {
      all = await loadComponents();
      loaded = true;
    }
    return all;
  }

  async function openForm(existing) {
    try {
      replace(formSlot, maintenanceForm(await components(), existing, async () => { replace(formSlot); await refresh(); },
        () => replace(formSlot)));
      formSlot.querySelector('input').focus();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  async function remove(m) {
    if (!window.confirm(`Delete the maintenance notice ${m.title}?`)) return;
    try {
      await api.del(`/api/maintenances/${encodeURIComponent(m.id)}`, { ifMatch: `"${m.version}"` });
      replace(message);
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function render(items) {
    if (items.length === 0) {
      replace(list, emptyState('No maintenance scheduled.', h('p', {}, 'During a window, the affected components show '
        + '"maintenance" on your status pages instead of down, and the time does not count against their uptime.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'maintenances-table' },
      h('caption', { class: 'visually-hidden' }, 'Maintenance notices'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Window'), h('th', { scope: 'col' }, 'Affects'),
        readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, items.map((m) => h('tr', { 'data-id': m.id },
        h('td', {}, m.title, m.message ? h('div', { class: 'hint' }, m.message) : null),
        h('td', {}, h('span', { class: `badge ${PHASE_BADGES[phase(m)]}` }, phase(m))),
        h('td', {}, `${stamp(m.start)} – ${stamp(m.end)}`),
        h('td', {}, m.affected.length === 0 ? '—' : m.affected.map((ref) => componentLabel(all, ref)).join(', ')),
        readOnly ? null : h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'button button--small', 'data-action': 'edit', 'data-focus': `${m.id}:edit`,
            onclick: () => openForm(m) }, 'Edit'),
          h('button', { type: 'button', class: 'button button--small button--danger', 'data-action': 'delete',
            'data-focus': `${m.id}:delete`, onclick: () => remove(m) }, 'Delete'))))))));
  }

  async function refresh() {
    const answer = await api.get('/api/maintenances');
    await components();
    keepingFocus(() => render(answer.maintenances || []));
  }

  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Maintenance'), readOnly ? null
      : h('button', { type: 'button', class: 'button', id: 'new-maintenance', onclick: () => openForm(null) }, 'Schedule maintenance')),
    h('p', { class: 'hint' }, 'Times are shown and entered in your local time; Vigil stores them in UTC.'),
    formSlot, message, list);
  return livePage('Maintenance', refresh, list, message, { clears: false });
}
