// The health matrix: each service (a check's name and type) against each tenant, coloured by the latest
// status of that tenant's check, with the master roll-up (counts by status, open alerts by severity) on
// top. Built off-document in a DocumentFragment and put in place at once: 100 tenants x 20 services
// stay well under a second. The time it took is left as the performance measure 'matrix-render'.
import { h, replace, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { stamp } from './format.js';
import { checkBadge, latency, STATUSES } from './check-format.js';

const LABELS = { healthy: 'ok', degraded: 'warn', unhealthy: 'down', unknown: '?' };
const MAX_PAGES = 20;

/** Every page of a paged health route, merged by merge(into, page). */
async function allPages(path, merge) {
  let token = null;
  let merged = null;
  let pages = 0;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api.get(`${path}${separator}limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    merged = merged === null ? page : merge(merged, page);
    token = page.nextToken || null;
    pages += 1;
  } while (token && pages < MAX_PAGES);
  return merged;
}

function mergeMatrix(into, page) {
  const rows = new Map(into.services.map((row) => [`${row.service}\u0000${row.type}`, row]));
  for (const row of page.services || []) {
    const key = `${row.service}\u0000${row.type}`;
    if (rows.has(key)) Object.assign(rows.get(key).cells, row.cells);
    else {
      rows.set(key, row);
      into.services.push(row);
    }
  }
  into.tenants = [...into.tenants, ...(page.tenants || [])];
  into.complete = page.complete;
  return into;
}

function mergeRollup(into, page) {
  into.counts = into.counts || {};
  into.openAlerts = into.openAlerts || {};
  into.tenants = [...(into.tenants || []), ...(page.tenants || [])];
  for (const status of ['total', ...STATUSES]) {
    into.counts[status] = (into.counts[status] || 0) + ((page.counts || {})[status] || 0);
  }
  into.stale = (into.stale || 0) + (page.stale || 0);
  into.disabled = (into.disabled || 0) + (page.disabled || 0);
  for (const [severity, n] of Object.entries(page.openAlerts || {})) {
    into.openAlerts[severity] = (into.openAlerts[severity] || 0) + n;
  }
  const order = ['unhealthy', 'degraded', 'unknown', 'healthy'];
  if (order.indexOf(page.status) < order.indexOf(into.status)) into.status = page.status;
  return into;
}

function tile(label, value, id) {
  return h('div', { class: 'tile', id }, h('span', { class: 'tile__value' }, String(value)), h('span', { class: 'tile__label' }, label));
}

export function rollupTiles(rollup) {
  const counts = rollup.counts || {};
  const alerts = rollup.openAlerts || {};
  return h('section', { 'aria-label': 'Roll-up' },
    h('p', {}, 'Overall: ', checkBadge(rollup.status), ` · ${counts.total || 0} checks, ${rollup.stale || 0} stale, ${rollup.disabled || 0} disabled`),
    h('div', { class: 'tiles', id: 'rollup' },
      STATUSES.map((status) => tile(status, counts[status] || 0, `count-${status}`)),
      Object.keys(alerts).sort().map((severity) => tile(`open ${severity} alerts`, alerts[severity], `alerts-${severity}`))));
}

/** The matrix as a table in a DocumentFragment: a row per tenant, a column per service. */
export function matrixTable(matrix) {
  const services = matrix.services;
  const fragment = document.createDocumentFragment();
  const table = document.createElement('table');
  table.className = 'matrix';
  table.id = 'matrix';
  const caption = document.createElement('caption');
  caption.className = 'visually-hidden';
  caption.textContent = 'Latest status of each service for each tenant';
  table.appendChild(caption);
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  const corner = document.createElement('th');
  corner.scope = 'col';
  corner.textContent = 'Tenant';
  headRow.appendChild(corner);
  for (const row of services) {
    const th = document.createElement('th');
    th.scope = 'col';
    const link = document.createElement('a');
    link.href = `#/health/services/${encodeURIComponent(row.service)}`;
    link.textContent = row.service;
    link.title = `${row.service} (${row.type})`;
    th.appendChild(link);
    headRow.appendChild(th);
  }
  head.appendChild(headRow);
  table.appendChild(head);
  const body = document.createElement('tbody');
  for (const tenant of matrix.tenants) {
    const tr = document.createElement('tr');
    tr.dataset.tenant = tenant;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = tenant;
    tr.appendChild(th);
    for (const row of services) {
      const cell = row.cells[tenant];
      const td = document.createElement('td');
      if (!cell) {
        td.className = 'cell--none';
        td.title = `${tenant} has no ${row.service}`;
      } else {
        td.className = `cell--${cell.status}${cell.stale ? ' cell--stale' : ''}`;
        td.dataset.status = cell.status;
        td.dataset.service = row.service;
        const link = document.createElement('a');
        link.href = `#/health/services/${encodeURIComponent(row.service)}`;
        link.dataset.focus = `${tenant}:${row.service}`;
        link.textContent = LABELS[cell.status] || cell.status;
        link.title = `${tenant} · ${row.service}: ${cell.status}${cell.stale ? ' (stale)' : ''}, ${latency(cell.latencyMs)}, ${stamp(cell.at)}`;
        td.appendChild(link);
      }
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.appendChild(table);
  fragment.appendChild(wrap);
  return fragment;
}

function legend() {
  return h('p', { class: 'legend', 'aria-hidden': 'true' }, 'Cells:',
    STATUSES.map((status) => h('span', { class: `badge badge--${status}` }, `${LABELS[status]} = ${status}`)),
    h('span', { class: 'badge badge--stale' }, 'dashed = stale'));
}

export async function mount(root) {
  const message = h('div', { 'aria-live': 'polite' });
  const summary = h('div', { id: 'health-summary' });
  const grid = h('div', { id: 'health-matrix' });
  const readOnly = session.readOnly();

  async function refresh() {
    const [rollup, matrix] = await Promise.all([
      allPages('/api/health', mergeRollup),
      allPages('/api/health/matrix', mergeMatrix),
    ]);
    replace(summary, rollupTiles(rollup));
    const start = performance.now();
    if (matrix.services.length === 0) {
      replace(grid, emptyState('No checks yet.', readOnly
        ? h('p', {}, 'Ask someone with an admin key to add a check; its service shows here after its first run.')
        : h('p', {}, 'Add a check on the ', h('a', { href: '#/checks' }, 'Checks'), ' page, then run it: each check name becomes a column here.')));
      return;
    }
    keepingFocus(() => replace(grid, legend(), matrixTable(matrix)));
    void grid.offsetHeight; // layout included in the measure
    performance.clearMeasures('matrix-render');
    performance.measure('matrix-render', { start, end: performance.now() });
    grid.dataset.cells = String(matrix.services.reduce((n, row) => n + Object.keys(row.cells).length, 0));
  }

  replace(root, h('div', { class: 'page-head' }, h('h1', {}, 'Health')),
    h('p', { class: 'hint' }, 'The latest result of every check, by service and tenant, as the sweeps recorded it. Pick a service for its history.'),
    message, summary, grid);
  return livePage('Health', refresh, grid, message);
}
