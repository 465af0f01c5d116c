// Applications: the list with state (and a running marker), tags, last beat, next deadline and schedule, the
// uptime of the last 24 hours and 30 days with a bar of the last 24 hours (fetched for the rows on screen only),
// filtered by state (the API's ?state=) and tag and searched as you type;
// register, pause, resume and delete (hidden from a read-only key, which the API refuses anyway).
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, relative, stamp, applicationState, schedule } from './format.js';
import { applicationForm } from './application-form.js';
import { tagChips, tagSelect, offerTags, carriesChosen } from './tags.js';
import { uptimeLoader } from './uptime-bar.js';

/** The states the list filters on, asked of the API as ?state= ('all': no filter). */
const FILTERS = [
  ['all', 'All states'],
  ['up', 'Up'],
  ['late', 'Late'],
  ['down', 'Down'],
  ['new', 'New'],
  ['paused', 'Paused'],
  ['unknown', 'Unknown'],
];

/** Every application of the tenant (only those in state, when given), following nextToken. */
export async function listApplications(state = null) {
  const all = [];
  let token = null;
  const only = state ? `&state=${encodeURIComponent(state)}` : '';
  do {
    const page = await api.get(`/api/applications?limit=100${only}${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    all.push(...page.applications);
    token = page.nextToken || null;
  } while (token && all.length < 2000);
  return all;
}

/** A state's badge; title says more (why a miss is unknown). */
export function statusBadge(state, title = null) {
  return h('span', { class: `badge badge--${state}`, 'data-status': state, title }, state);
}

/** The badge of an application's state, with the "running" marker while a run it started has not ended. */
export function stateBadges(app) {
  const state = applicationState(app);
  const why = app.unknown && state === 'unknown' ? `${app.unknown.reason}: ${app.unknown.explanation}` : null;
  return [statusBadge(state, why), app.started ? h('span', { class: 'marker marker--running', 'data-started': 'true',
    title: 'A run has started (start signal) and not ended yet' }, 'running') : null];
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Search by name', 'aria-label': 'Search applications' });
  const filter = h('select', { id: 'status-filter', 'aria-label': 'Filter by state' },
    FILTERS.map(([value, label]) => h('option', { value }, label)));
  const tagFilter = tagSelect('tag-filter', 'applications');
  const list = h('div', { id: 'applications' });
  const formSlot = h('div');
  const uptime = uptimeLoader('applications');
  let applications = [];

  const createButton = readOnly ? null : h('button', {
    type: 'button', class: 'button', id: 'new-application',
    onclick: () => {
      // The parent choices are the applications listed (all of them unless a state is chosen).
      if (!formSlot.firstChild) replace(formSlot, createForm(applications));
      formSlot.querySelector('input').focus();
    },
  }, 'Register application');

  function createForm(others) {
    return applicationForm({
      app: null,
      others,
      prefix: 'new',
      cancel: () => replace(formSlot),
      save: async (body) => {
        const created = await api.post('/api/applications', body);
        replace(formSlot);
        window.location.hash = `/applications/${encodeURIComponent(created.body.id)}`;
      },
    });
  }

  async function setActive(app, active) {
    try {
      await api.post(`/api/applications/${encodeURIComponent(app.id)}/${active ? 'resume' : 'pause'}`);
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
      h('td', {}, stateBadges(app)),
      h('td', { title: stamp(app.lastHeartbeat) }, ago(app.lastHeartbeat)),
      h('td', { title: stamp(app.deadline) }, app.active ? relative(app.deadline) : '—'),
      h('td', { class: 'schedule' }, schedule(app)),
      uptime.cells(app.id),
      readOnly ? null : h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'button button--small', 'data-action': app.active ? 'pause' : 'resume',
          'data-focus': `${app.id}:active`, onclick: () => setActive(app, !app.active) }, app.active ? 'Pause' : 'Resume'),
        h('button', { type: 'button', class: 'button button--small button--danger', 'data-action': 'delete',
          'data-focus': `${app.id}:delete`, onclick: () => remove(app) }, 'Delete')));
  }

  function render() {
    const query = search.value.trim().toLowerCase();
    const wanted = filter.value;
    if (applications.length === 0 && wanted === 'all') {
      replace(list, emptyState('No applications yet.', readOnly
        ? h('p', {}, 'Ask someone with an admin key to register your first application.')
        : h('p', {}, 'Register your first application: give it a name and how often it beats, then call its ping URL from your job.')));
      return;
    }
    const shown = applications.filter((app) => (!query || app.name.toLowerCase().includes(query)) && carriesChosen(tagFilter, app));
    uptime.reset();
    if (shown.length === 0) {
      replace(list, emptyState('No application matches.', h('p', {}, 'Clear the search or pick another status or tag.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Applications'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Last beat'),
        h('th', { scope: 'col' }, 'Next deadline'), h('th', { scope: 'col' }, 'Schedule'),
        h('th', { scope: 'col', title: 'Uptime over the last 24 hours' }, '24 h'),
        h('th', { scope: 'col', title: 'Uptime over the last 30 days' }, '30 d'),
        h('th', { scope: 'col', title: 'Uptime by hour over the last 24 hours, oldest on the left' }, 'Last 24 h'),
        readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, shown.map(row)))));
    for (const tr of list.querySelectorAll('tbody tr')) uptime.watch(tr);
  }

  async function refresh() {
    applications = await listApplications(filter.value === 'all' ? null : filter.value);
    applications.sort((a, b) => a.name.localeCompare(b.name));
    offerTags(tagFilter, applications);
    keepingFocus(render);
  }

  search.addEventListener('input', render);
  filter.addEventListener('change', () => refresh().catch((e) => replace(message, errorBox(e.message))));
  tagFilter.addEventListener('change', render);
  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Applications'), createButton),
    h('div', { class: 'toolbar' }, search, filter, tagFilter),
    formSlot, message, list);
  const page = await livePage('Applications', refresh, list, message);
  return { ...page, dispose: uptime.dispose };
}
