// Alerts: every alert record, newest first, filtered by status and severity, with "load more"; its
// subject links to the application when it is one; acknowledge and resolve (hidden from a read-only key).
import { h, replace, errorBox, emptyState, keepingFocus, livePage, actOn } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';

const STATUSES = [
  ['', 'Any status'],
  ['open', 'Open'],
  ['acknowledged', 'Acknowledged'],
  ['resolved', 'Resolved'],
];
const SEVERITIES = [
  ['', 'Any severity'],
  ['p1', 'P1'],
  ['p2', 'P2'],
  ['p3', 'P3'],
];
const PAGE = 50;

export function severityBadge(severity) {
  return h('span', { class: `badge badge--severity-${severity}`, 'data-severity': severity }, severity.toUpperCase());
}

export function alertStatusBadge(status) {
  return h('span', { class: `badge badge--alert-${status}`, 'data-status': status }, status);
}

/** What the alert is about: the application's page when it is one, its kind and name otherwise. */
export function subjectOf(alert) {
  const name = alert.name || alert.subject;
  if (alert.kind === 'application') {
    return h('span', {}, h('span', { class: 'hint' }, 'application '),
      h('a', { href: `#/applications/${encodeURIComponent(alert.subject)}`, class: 'alert-subject' }, name));
  }
  return h('span', {}, h('span', { class: 'hint' }, `${alert.kind} `), h('span', { class: 'alert-subject' }, name));
}

/** Acknowledge (open only) and resolve (open or acknowledged), each reporting the API's answer. */
export function alertActions(alert, act) {
  const path = `/api/alerts/${encodeURIComponent(alert.id)}`;
  return [
    alert.status === 'open' ? h('button', { type: 'button', class: 'button button--small', 'data-action': 'acknowledge',
      'data-focus': `${alert.id}:acknowledge`, onclick: () => act(() => api.post(`${path}/acknowledge`)) }, 'Acknowledge') : null,
    alert.status !== 'resolved' ? h('button', { type: 'button', class: 'button button--small button--quiet', 'data-action': 'resolve',
      'data-focus': `${alert.id}:resolve`, onclick: () => act(() => api.post(`${path}/resolve`)) }, 'Resolve') : null,
  ];
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const status = h('select', { id: 'alert-status', 'aria-label': 'Filter by status' },
    STATUSES.map(([value, label]) => h('option', { value }, label)));
  const severity = h('select', { id: 'alert-severity', 'aria-label': 'Filter by severity' },
    SEVERITIES.map(([value, label]) => h('option', { value }, label)));
  const list = h('div', { id: 'alerts' });
  const more = h('div', { class: 'actions' });
  let alerts = [];
  let nextToken = null;

  function query(token) {
    const parts = [`limit=${PAGE}`];
    if (status.value) parts.push(`status=${status.value}`);
    if (severity.value) parts.push(`severity=${severity.value}`);
    if (token) parts.push(`nextToken=${encodeURIComponent(token)}`);
    return `/api/alerts?${parts.join('&')}`;
  }

  const act = actOn(message, refresh);

  function row(alert) {
    return h('tr', { 'data-id': alert.id, 'data-status': alert.status, 'data-severity': alert.severity },
      h('td', {}, severityBadge(alert.severity)),
      h('td', {}, h('a', { href: `#/alerts/${encodeURIComponent(alert.id)}`, class: 'alert-link', 'data-focus': `${alert.id}:open` },
        alert.openedBy || 'Alert')),
      h('td', {}, subjectOf(alert)),
      h('td', {}, alertStatusBadge(alert.status)),
      h('td', { title: stamp(alert.openedAt) }, ago(alert.openedAt)),
      h('td', { title: stamp(alert.lastSeenAt) }, `${alert.occurrences}× · last ${ago(alert.lastSeenAt)}`),
      readOnly ? null : h('td', { class: 'row-actions' }, alertActions(alert, act)));
  }

  function render() {
    if (alerts.length === 0) {
      const filtered = status.value || severity.value;
      replace(list, filtered
        ? emptyState('No alert matches.', h('p', {}, 'Pick another status or severity.'))
        : emptyState('No alerts yet.', h('p', {}, 'An alert opens when an application misses its deadline or a check turns unhealthy. '
          + 'Register applications and checks, and add a channel so that someone hears about it.'),
        h('p', {}, h('a', { href: '#/channels' }, 'Set up a channel'))));
    } else {
      replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'alerts-table' },
        h('caption', { class: 'visually-hidden' }, 'Alerts'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Severity'), h('th', { scope: 'col' }, 'Alert'), h('th', { scope: 'col' }, 'Subject'),
          h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Opened'), h('th', { scope: 'col' }, 'Seen'),
          readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, alerts.map(row)))));
    }
    replace(more, nextToken ? h('button', { type: 'button', class: 'button button--quiet', id: 'load-more', 'data-focus': 'load-more',
      onclick: () => act(loadMore) }, 'Load more') : null);
  }

  async function loadMore() {
    const page = await api.get(query(nextToken));
    alerts.push(...(page.alerts || []));
    nextToken = page.nextToken || null;
  }

  /** Fetches again at least as many alerts as are shown, so "load more" survives the live refresh. */
  async function refresh() {
    const wanted = Math.max(alerts.length, 1);
    const fresh = [];
    let token = null;
    do {
      const page = await api.get(query(token));
      fresh.push(...(page.alerts || []));
      token = page.nextToken || null;
    } while (token && fresh.length < wanted);
    alerts = fresh;
    nextToken = token;
    keepingFocus(render);
  }

  async function restart() {
    alerts = [];
    try {
      await refresh();
      replace(message);
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  status.addEventListener('change', restart);
  severity.addEventListener('change', restart);
  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Alerts')),
    h('div', { class: 'toolbar' }, status, severity),
    message, list, more);
  return livePage('Alerts', refresh, list, message, { clears: false });
}
