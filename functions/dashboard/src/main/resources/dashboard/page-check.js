// One check: its status and definition, edit and delete, its uptime (24 hours, 30 days, a year), a bar of its
// recent results and one of its last 30 days, a latency chart over its results and the results history
// (status, latency, reason, the conditions that failed).
import { h, replace, errorBox, emptyState, keepingFocus } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { checkBadge, checkState, latency } from './check-format.js';
import { checkForm, sweepNow } from './page-checks.js';
import { latencyChart } from './latency-chart.js';
import { uptimeCard, resultBar } from './uptime-bar.js';

export async function mount(root, params) {
  const id = params.id;
  const path = `/api/checks/${encodeURIComponent(id)}`;
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite', id: 'check-message' });
  const heading = h('h1', {}, 'Check');
  const summary = h('section', { class: 'card', id: 'check-summary' });
  const editSlot = h('div');
  const chartArea = h('div', { class: 'chart', id: 'latency-chart' });
  const chart = latencyChart(chartArea);
  const history = h('section', { class: 'card', id: 'results' });
  const uptime = uptimeCard('checks', id, {
    prefix: 'check',
    recentTitle: 'Recent results',
    recentHint: 'The last 50 results, oldest on the left: green healthy, amber degraded, red unhealthy, grey unknown. '
      + 'Hover a segment for its time, latency and reason.',
    dailyHint: 'Degraded counts as up; unknown results are not monitored time.',
  });
  let check = null;

  async function remove() {
    if (!window.confirm(`Delete the check ${check.name}? Its results expire with the retention period.`)) return;
    try {
      await api.del(path, { ifMatch: `"${check.version}"` });
      window.location.hash = '/checks';
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function renderSummary() {
    const latest = check.latestResult;
    replace(heading, h('span', { id: 'check-title' }, check.name), checkBadge(checkState(check)));
    const actions = readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'edit-check', 'data-focus': 'edit', onclick: () => {
        replace(editSlot, checkForm(check, async () => { replace(editSlot); await refresh(); }, () => replace(editSlot)));
        editSlot.querySelector('#check-name').focus();
      } }, 'Edit'),
      h('button', { type: 'button', class: 'button button--quiet', id: 'run-now', 'data-focus': 'run', onclick: async () => {
        try {
          replace(message, h('p', { class: 'hint', role: 'status' }, await sweepNow()));
          await refresh();
        } catch (e) {
          replace(message, errorBox(e.message));
        }
      } }, 'Run checks now'),
      h('button', { type: 'button', class: 'button button--danger', id: 'delete-check', 'data-focus': 'delete', onclick: remove }, 'Delete'));
    replace(summary,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Type'), h('dd', {}, check.type),
        h('dt', {}, 'Tier'), h('dd', {}, check.tier),
        h('dt', {}, 'Settings'), h('dd', { class: 'wrap' }, h('code', {}, JSON.stringify(check.settings || {}))),
        (check.secretSettings || []).length ? [h('dt', {}, 'Secrets'),
          h('dd', {}, check.secretSettings.map((s) => `${s.name} ${s.hint || ''}`.trim()).join(', '))] : null,
        h('dt', {}, 'Conditions'), h('dd', {}, (check.conditions || []).length ? h('ul', { class: 'failed-list' },
          check.conditions.map((c) => h('li', {}, h('code', {}, c)))) : "the type's defaults and the tenant's overrides"),
        h('dt', {}, 'Timeout'), h('dd', {}, `${check.timeoutMs} ms`),
        h('dt', {}, 'Thresholds'), h('dd', {}, `alerts after ${check.failureThreshold} failing, recovers after ${check.recoveryThreshold} passing`),
        h('dt', {}, 'Latest result'), h('dd', {}, latest ? [checkBadge(latest.status), ` ${latency(latest.latencyMs)} · ${latest.reason || ''}`] : 'not run yet'),
        h('dt', {}, 'Last run'), h('dd', { title: stamp(check.lastRunAt) }, ago(check.lastRunAt))),
      actions);
  }

  function failedList(result) {
    const failed = result.failed || [];
    if (failed.length === 0) return '—';
    return h('ul', { class: 'failed-list' }, failed.map((f) => h('li', {}, `${f.level}: ${f.condition} (${f.actual})`)));
  }

  function renderResults(results) {
    replace(history, h('h2', {}, 'Results'), results.length === 0
      ? emptyState('No results yet.', h('p', {}, readOnly ? 'Results show here once a sweep has run this check.'
        : 'Results show here once a sweep has run this check: use Run checks now, or wait for its tier\'s interval.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'results-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Latency'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Failed conditions'))),
        h('tbody', {}, results.map((result) => h('tr', { 'data-status': result.status },
          h('td', { title: stamp(result.at) }, ago(result.at)), h('td', {}, checkBadge(result.status)),
          h('td', {}, latency(result.latencyMs)), h('td', { class: 'wrap' }, result.reason || ''), h('td', {}, failedList(result))))))));
  }

  async function refresh() {
    const [answer, page] = await Promise.all([api.call('GET', path), api.get(`${path}/results?limit=100`)]);
    check = answer.body;
    keepingFocus(renderSummary);
    const results = page.results || [];
    uptime.showRecent(resultBar(results, 'check-result-bar'));
    await uptime.refresh();
    chart.update(results);
    renderResults(results);
  }

  replace(root, h('p', {}, h('a', { href: '#/checks' }, '← Checks')), heading, message, summary, editSlot,
    uptime.element,
    h('section', { class: 'card', id: 'latency' }, h('h2', {}, 'Latency'),
      h('p', { class: 'hint' }, 'How long each run took, oldest on the left.'), chartArea),
    history);
  try {
    await refresh();
  } catch (e) {
    replace(root, h('p', {}, h('a', { href: '#/checks' }, '← Checks')),
      errorBox(e.status === 404 ? 'There is no such check (it may have been deleted).' : e.message));
    return { title: 'Check' };
  }
  return {
    title: check.name,
    refresh: async () => {
      try {
        await refresh();
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
