// Applications: the list with status, tags, last beat and next deadline, filtered (status, tag) and searched as you type;
// register, pause, resume and delete (hidden from a read-only key, which the API refuses anyway).
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, relative, stamp, applicationState, duration } from './format.js';
import { tagChips, tagSelect, offerTags, carriesChosen } from './tags.js';

const FILTERS = [
  ['all', 'All'],
  ['up', 'Up'],
  ['down', 'Down'],
  ['new', 'New'],
  ['paused', 'Paused'],
];

/** Every application of the tenant, following nextToken. */
export async function listApplications() {
  const all = [];
  let token = null;
  do {
    const page = await api.get(`/api/applications?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    all.push(...page.applications);
    token = page.nextToken || null;
  } while (token && all.length < 2000);
  return all;
}

export function statusBadge(state) {
  return h('span', { class: `badge badge--${state}`, 'data-status': state }, state);
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search by name', 'aria-label': 'Search applications' });
  const filter = h('select', { id: 'status-filter', 'aria-label': 'Filter by status' },
    FILTERS.map(([value, label]) => h('option', { value }, label)));
  const tagFilter = tagSelect('tag-filter', 'applications');
  const list = h('div', { id: 'applications' });
  const formSlot = h('div');
  let applications = [];

  const createButton = readOnly ? null : h('button', {
    type: 'button', class: 'button', id: 'new-application',
    onclick: () => {
      if (!formSlot.firstChild) replace(formSlot, createForm());
      formSlot.querySelector('input').focus();
    },
  }, 'Register application');

  function createForm() {
    const name = h('input', { id: 'new-name', name: 'name', required: true, maxlength: 100 });
    const interval = h('input', { id: 'new-interval', name: 'intervalSeconds', type: 'number', min: 60, value: 300, required: true });
    const grace = h('input', { id: 'new-grace', name: 'graceSeconds', type: 'number', min: 0, value: 60 });
    const problem = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'card form', id: 'create-form', novalidate: true },
      h('h2', {}, 'Register an application'),
      h('label', { for: 'new-name' }, 'Name'), name,
      h('label', { for: 'new-interval' }, 'Expected every (seconds)'), interval,
      h('label', { for: 'new-grace' }, 'Grace (seconds)'), grace,
      problem,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'button', id: 'create-submit' }, 'Register'),
        h('button', { type: 'button', class: 'button button--quiet', onclick: () => replace(formSlot) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { name: name.value.trim(), intervalSeconds: Number(interval.value) };
      if (grace.value !== '') body.graceSeconds = Number(grace.value);
      try {
        const created = await api.post('/api/applications', body);
        replace(formSlot);
        window.location.hash = `/applications/${encodeURIComponent(created.body.id)}`;
      } catch (e) {
        replace(problem, errorBox(e.message));
      }
    });
    return form;
  }

  async function setActive(app, active) {
    try {
      await api.put(`/api/applications/${encodeURIComponent(app.id)}`, { active }, { ifMatch: `"${app.version}"` });
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  async function remove(app) {
    if (!window.confirm(`Delete ${app.name}? Its beat history goes with it.`)) return;
    try {
      await api.del(`/api/applications/${encodeURIComponent(app.id)}`, { ifMatch: `"${app.version}"` });
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function row(app) {
    const state = applicationState(app);
    return h('tr', { 'data-id': app.id, 'data-status': state },
      h('td', {}, h('a', { href: `#/applications/${encodeURIComponent(app.id)}`, class: 'app-name', 'data-focus': `${app.id}:open` },
        app.name), tagChips(app.tags)),
      h('td', {}, statusBadge(state)),
      h('td', { title: stamp(app.lastHeartbeat) }, ago(app.lastHeartbeat)),
      h('td', { title: stamp(app.deadline) }, app.active ? relative(app.deadline) : '—'),
      h('td', {}, `every ${duration(app.intervalSeconds)}`),
      readOnly ? null : h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'button button--small', 'data-action': app.active ? 'pause' : 'resume',
          'data-focus': `${app.id}:active`, onclick: () => setActive(app, !app.active) }, app.active ? 'Pause' : 'Resume'),
        h('button', { type: 'button', class: 'button button--small button--danger', 'data-action': 'delete',
          'data-focus': `${app.id}:delete`, onclick: () => remove(app) }, 'Delete')));
  }

  function render() {
    const query = search.value.trim().toLowerCase();
    const wanted = filter.value;
    if (applications.length === 0) {
      replace(list, emptyState('No applications yet.', readOnly
        ? h('p', {}, 'Ask someone with an admin key to register your first application.')
        : h('p', {}, 'Register your first application: give it a name and how often it beats, then call its ping URL from your job.')));
      return;
    }
    const shown = applications.filter((app) => (wanted === 'all' || applicationState(app) === wanted)
      && (!query || app.name.toLowerCase().includes(query)) && carriesChosen(tagFilter, app));
    if (shown.length === 0) {
      replace(list, emptyState('No application matches.', h('p', {}, 'Clear the search or pick another status or tag.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Applications'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Last beat'),
        h('th', { scope: 'col' }, 'Next deadline'), h('th', { scope: 'col' }, 'Schedule'),
        readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, shown.map(row)))));
  }

  async function refresh() {
    applications = await listApplications();
    applications.sort((a, b) => a.name.localeCompare(b.name));
    offerTags(tagFilter, applications);
    keepingFocus(render);
  }

  search.addEventListener('input', render);
  filter.addEventListener('change', render);
  tagFilter.addEventListener('change', render);
  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Applications'), createButton),
    h('div', { class: 'toolbar' }, search, filter, tagFilter),
    formSlot, message, list);
  return livePage('Applications', refresh, list, message);
}
