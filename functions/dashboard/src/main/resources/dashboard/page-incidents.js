// Incidents: open ones first, then those resolved in the last 90 days (older ones stay in the status
// pages' archive, and under "Older incidents" here, a page at a time); Open an incident (title, status, first update, affected components) for an admin key.
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { INCIDENT_STATUSES, incidentBadge, loadComponents, componentPicker, componentLabel } from './status-components.js';

/** How far back resolved incidents are listed. */
export const RECENT_DAYS = 90;

/** Open incidents (newest first), then those resolved within RECENT_DAYS of now (newest first). */
export function openThenRecent(incidents, now = Date.now()) {
  const since = now - RECENT_DAYS * 86400 * 1000;
  const newest = (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return [
    ...incidents.filter((i) => !i.resolvedAt).sort(newest),
    ...incidents.filter((i) => i.resolvedAt && Date.parse(i.resolvedAt) >= since).sort(newest),
  ];
}

/** The tenant's incidents, newest first, following nextToken (at most a few pages). */
async function listIncidents() {
  const all = [];
  let token = null;
  let pages = 0;
  do {
    const page = await api.get(`/api/incidents?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    all.push(...(page.incidents || []));
    token = page.nextToken || null;
    pages += 1;
  } while (token && pages < 5);
  return all;
}

/** A page of the tenant's incidents created before the instant, newest first. */
async function olderIncidents(before) {
  const page = await api.get(`/api/incidents?limit=${OLDER_PAGE}&before=${encodeURIComponent(before)}`);
  return page.incidents || [];
}

/** How many older incidents one press of "Older incidents" loads. */
export const OLDER_PAGE = 25;

function incidentForm(all, onCancel) {
  const title = h('input', { id: 'incident-title', required: true, maxlength: 200 });
  const status = h('select', { id: 'incident-status' },
    INCIDENT_STATUSES.filter((s) => s !== 'resolved').map((s) => h('option', { value: s }, s)));
  const text = h('textarea', { id: 'incident-message', rows: 3, required: true, maxlength: 4000 });
  const picker = componentPicker(all, [], 'incident');
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card form form--wide', id: 'incident-form', novalidate: true },
    h('h2', {}, 'Open an incident'),
    h('label', { for: 'incident-title' }, 'Title (public)'), title,
    h('label', { for: 'incident-status' }, 'Status'), status,
    h('label', { for: 'incident-message' }, 'First update (public)'), text,
    picker.element, problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: 'incident-submit' }, 'Open incident'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: onCancel }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.post('/api/incidents', { title: title.value.trim(), status: status.value,
        message: text.value.trim(), affected: picker.value() });
      window.location.hash = `/incidents/${encodeURIComponent(created.body.id)}`;
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });
  return form;
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'incidents' });
  const formSlot = h('div');
  const archive = h('section', { id: 'incidents-archive' });
  let all = [];
  let shown = [];
  let older = [];
  let archiveDone = false;
  let loaded = false;

  const openButton = readOnly ? null : h('button', { type: 'button', class: 'button', id: 'new-incident', onclick: async () => {
    if (!formSlot.firstChild) {
      try {
        all = await loadComponents();
        loaded = true;
      } catch (e) {
        replace(message, errorBox(e.message));
        return;
      }
      replace(formSlot, incidentForm(all, () => replace(formSlot)));
    }
    formSlot.querySelector('#incident-title').focus();
  } }, 'Open an incident');

  /**
   * Where the next page of older incidents starts: the oldest one already loaded from the archive, or at first
   * RECENT_DAYS ago (an incident not listed was resolved before then, so it was also created before then; one
   * listed and older, still open, is not shown twice).
   */
  function archiveCursor() {
    const times = older.map((i) => i.createdAt).filter(Boolean).sort();
    return times.length > 0 ? times[0] : new Date(Date.now() - RECENT_DAYS * 86400 * 1000).toISOString();
  }

  function incidentRows(incidents) {
    return incidents.map((i) => h('tr', { 'data-id': i.id, 'data-status': i.status },
      h('td', {}, h('a', { href: `#/incidents/${encodeURIComponent(i.id)}`, 'data-focus': `${i.id}:open` }, i.title)),
      h('td', {}, incidentBadge(i.status)),
      h('td', {}, i.affected.length === 0 ? '—' : i.affected.map((ref) => componentLabel(all, ref)).join(', ')),
      h('td', { title: stamp(i.createdAt) }, ago(i.createdAt)),
      h('td', { title: stamp(i.resolvedAt) }, i.resolvedAt ? ago(i.resolvedAt) : '—')));
  }

  function renderArchive(problem) {
    const known = new Set(shown.map((i) => i.id));
    const rows = older.filter((i) => !known.has(i.id));
    replace(archive,
      rows.length === 0 ? null : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'incidents-older' },
        h('caption', {}, 'Older incidents'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Affects'), h('th', { scope: 'col' }, 'Opened'), h('th', { scope: 'col' }, 'Resolved'))),
        h('tbody', {}, incidentRows(rows)))),
      problem ? errorBox(problem) : null,
      archiveDone
        ? h('p', { class: 'hint', id: 'incidents-archive-end' }, 'No older incidents.')
        : h('p', {}, h('button', { type: 'button', class: 'button button--quiet', id: 'older-incidents', onclick: loadOlder },
          'Older incidents')));
  }

  async function loadOlder() {
    try {
      const page = await olderIncidents(archiveCursor());
      older.push(...page);
      if (page.length < OLDER_PAGE) archiveDone = true;
      renderArchive(null);
    } catch (e) {
      renderArchive(e.message);
    }
  }

  function render(incidents) {
    shown = incidents;
    renderArchive(null);
    if (incidents.length === 0) {
      replace(list, emptyState(`No open incidents, and none resolved in the last ${RECENT_DAYS} days.`,
        h('p', {}, 'Incidents show on your status pages. An alert\'s page opens one from the alert in one click.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'incidents-table' },
      h('caption', { class: 'visually-hidden' }, 'Incidents'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Affects'), h('th', { scope: 'col' }, 'Opened'), h('th', { scope: 'col' }, 'Resolved'))),
      h('tbody', {}, incidentRows(incidents)))));
  }

  async function refresh() {
    const incidents = await listIncidents();
    if (!loaded) {
      all = await loadComponents();
      loaded = true;
    }
    keepingFocus(() => render(openThenRecent(incidents)));
  }

  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Incidents'), openButton),
    h('p', { class: 'hint' }, 'What your status pages tell the public. An update moves an incident forward only: '
      + 'investigating, identified, monitoring, resolved.'),
    formSlot, message, list, archive);
  return livePage('Incidents', refresh, list, message, { clears: false });
}
