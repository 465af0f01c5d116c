// One service (a check name) across tenants: each tenant's check with its latest result and a sparkline
// of its recent latencies.
import { h, replace, emptyState, livePage } from './dom.js';
import * as api from './api.js';
import { ago, stamp } from './format.js';
import { checkBadge, latency } from './check-format.js';
import { sparkline } from './latency-chart.js';

export async function mount(root, params) {
  const service = params.service;
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'service-checks' });

  function row(check) {
    const latest = check.latestResult || {};
    return h('tr', { 'data-tenant': check.tenantId, 'data-status': check.status },
      h('th', { scope: 'row' }, check.tenantId),
      h('td', {}, checkBadge(check.enabled === false ? 'disabled' : check.status), check.stale ? [' ', checkBadge('stale')] : null),
      h('td', {}, latency(latest.latencyMs)),
      h('td', { class: 'wrap' }, latest.reason || '—'),
      h('td', {}, sparkline(check.history || [])),
      h('td', { title: stamp((check.history || [])[0] ? check.history[0].at : null) }, ago((check.history || [])[0] ? check.history[0].at : null)));
  }

  async function refresh() {
    const answer = await api.get(`/api/health/services/${encodeURIComponent(service)}?limit=30`);
    const checks = answer.checks || [];
    if (checks.length === 0) {
      replace(list, emptyState(`No tenant has a check named ${service}.`, h('p', {}, 'Go back to the ', h('a', { href: '#/health' }, 'matrix'), ' and pick a service.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, `${service} by tenant`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Latency'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Recent latency'),
        h('th', { scope: 'col' }, 'Last run'))),
      h('tbody', {}, checks.map(row)))));
  }

  replace(root, h('p', {}, h('a', { href: '#/health' }, '← Health')), h('h1', {}, h('span', { id: 'service-name' }, service)),
    h('p', { class: 'hint' }, 'Each tenant\'s check of this name: its latest result and the latency of its recent runs.'), message, list);
  return livePage(service, refresh, list, message);
}
