// Checks: the tenant's active checks with their status, tier, type and last run, the uptime of the last 24 hours
// and 30 days with a bar of the last 24 hours (fetched for the rows on screen only); add one with the check
// form (shared with the check's own page for edits), run the tenant's checks now. A read-only key sees
// no add, run or edit buttons (the API refuses those anyway).
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { checkBadge, checkState, latency } from './check-format.js';
import { tagChips, tagSelect, offerTags, carriesChosen } from './tags.js';
import { uptimeLoader } from './uptime-bar.js';

export const TYPES = ['http', 'tcp', 'dns', 'tls', 'statuspage', 'mcp', 'dynamodb-freshness', 'heartbeats', 'postgres', 'redis'];
const TIERS = ['critical', 'core', 'integration', 'external'];
/** The settings a type gets typed fields for; any other setting goes in the JSON box. */
const TYPED = {
  http: [['url', 'URL', 'url'], ['method', 'Method', 'text']],
  tcp: [['host', 'Host', 'text'], ['port', 'Port', 'number']],
  tls: [['host', 'Host', 'text'], ['port', 'Port', 'number']],
};

/** Every check of the tenant, following nextToken. */
export async function listChecks() {
  const all = [];
  let token = null;
  do {
    const page = await api.get(`/api/checks?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    all.push(...(page.checks || []));
    token = page.nextToken || null;
  } while (token && all.length < 2000);
  return all;
}

/** Conditions as typed in the box, one a line; blank lines are dropped. */
export function conditionLines(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

/**
 * The form that adds a check (existing null) or edits one. onSaved(check) runs after the API accepted it;
 * a refusal (the API's 400 message) is shown inside the form, next to its fields.
 */
export function checkForm(existing, onSaved, onCancel) {
  const editing = existing !== null;
  const settings = editing ? { ...(existing.settings || {}) } : {};
  const type = h('select', { id: 'check-type', disabled: editing }, TYPES.map((t) => h('option', { value: t, selected: editing && existing.type === t }, t)));
  const name = h('input', { id: 'check-name', required: true, maxlength: 100, value: editing ? existing.name : '' });
  const tier = h('select', { id: 'check-tier' }, TIERS.map((t) => h('option', { value: t, selected: (editing ? existing.tier : 'core') === t }, t)));
  const typedBox = h('div', { class: 'form form--wide', id: 'typed-settings' });
  const fields = {};
  const extra = h('textarea', { id: 'check-settings', rows: 3, spellcheck: 'false' });
  const conditions = h('textarea', { id: 'check-conditions', rows: 4, spellcheck: 'false' });
  conditions.value = editing ? (existing.conditions || []).join('\n') : '';
  const timeout = h('input', { id: 'check-timeout', type: 'number', min: 1, value: editing ? existing.timeoutMs : null, placeholder: "the tier's default" });
  const failure = h('input', { id: 'check-failure', type: 'number', min: 1, max: 20, value: editing ? existing.failureThreshold : 1 });
  const recovery = h('input', { id: 'check-recovery', type: 'number', min: 1, max: 20, value: editing ? existing.recoveryThreshold : 1 });
  const enabled = h('input', { id: 'check-enabled', type: 'checkbox', checked: editing ? existing.enabled !== false : true });
  const problem = h('div', { 'aria-live': 'polite', id: 'check-problem' });

  function showTyped() {
    const typed = TYPED[type.value] || [];
    for (const key of Object.keys(fields)) delete fields[key];
    replace(typedBox, typed.map(([key, label, kind]) => {
      const input = h('input', { id: `check-setting-${key}`, type: kind, value: settings[key] ?? null,
        placeholder: key === 'method' ? 'GET' : key === 'port' && type.value === 'tls' ? '443' : null });
      fields[key] = input;
      return [h('label', { for: input.id }, label), input];
    }));
    const rest = Object.fromEntries(Object.entries(settings).filter(([key]) => !typed.some(([k]) => k === key)));
    extra.value = Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '';
  }
  type.addEventListener('change', showTyped);
  showTyped();

  function body() {
    let more = {};
    if (extra.value.trim()) {
      try {
        more = JSON.parse(extra.value);
      } catch (e) {
        throw new Error('Other settings must be a JSON object, such as {"headers": {"Accept": "application/json"}}.');
      }
      if (more === null || typeof more !== 'object' || Array.isArray(more)) {
        throw new Error('Other settings must be a JSON object, such as {"headers": {"Accept": "application/json"}}.');
      }
    }
    const typed = {};
    for (const [key, input] of Object.entries(fields)) {
      if (input.value.trim() !== '') typed[key] = input.type === 'number' ? Number(input.value) : input.value.trim();
    }
    const out = {
      name: name.value.trim(),
      tier: tier.value,
      settings: { ...more, ...typed },
      conditions: conditionLines(conditions.value),
      failureThreshold: Number(failure.value),
      recoveryThreshold: Number(recovery.value),
      enabled: enabled.checked,
    };
    if (timeout.value !== '') out.timeoutMs = Number(timeout.value);
    if (!editing) out.type = type.value;
    return out;
  }

  const form = h('form', { class: 'card form form--wide', id: 'check-form', novalidate: true },
    h('h2', {}, editing ? 'Edit check' : 'Add a check'),
    h('label', { for: 'check-type' }, 'Type'), type,
    h('label', { for: 'check-name' }, 'Name (the service it shows as in the health matrix)'), name,
    h('label', { for: 'check-tier' }, 'Tier (how often it runs)'), tier,
    typedBox,
    h('label', { for: 'check-settings' }, 'Other settings (JSON object)'), extra,
    h('label', { for: 'check-conditions' }, 'Conditions, one a line'), conditions,
    h('p', { class: 'hint' }, 'For example status == 200, or warn: latencyMs < 800 (a warn: line makes the check degraded, not unhealthy). Leave empty for the type\'s defaults.'),
    h('label', { for: 'check-timeout' }, 'Timeout (ms)'), timeout,
    h('label', { for: 'check-failure' }, 'Failures before it alerts'), failure,
    h('label', { for: 'check-recovery' }, 'Successes before it recovers'), recovery,
    h('label', { class: 'check-box', for: 'check-enabled' }, enabled, 'Enabled'),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: 'check-submit' }, editing ? 'Save' : 'Add check'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: onCancel }, 'Cancel')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const sent = body();
      const answer = editing
        ? await api.put(`/api/checks/${encodeURIComponent(existing.id)}`, sent, { ifMatch: `"${existing.version}"` })
        : await api.post('/api/checks', sent);
      replace(problem);
      await onSaved(answer.body);
    } catch (e) {
      replace(problem, errorBox(e.message));
      problem.scrollIntoView({ block: 'nearest' });
    }
  });
  return form;
}

/** Runs the signed-in tenant's due checks now (POST /api/tenants/{id}/sweep); what the sweep found, in words. */
export async function sweepNow() {
  const identity = session.who();
  const answer = await api.post(`/api/tenants/${encodeURIComponent(identity.tenantId)}/sweep`);
  const counts = answer.body.counts || {};
  return `Sweep finished: ${counts.checks || 0} checks, ${counts.healthy || 0} healthy, ${counts.degraded || 0} degraded, `
    + `${counts.unhealthy || 0} unhealthy, ${counts.unknown || 0} unknown, ${counts.notDue || 0} not due.`;
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite', id: 'checks-message' });
  const list = h('div', { id: 'checks' });
  const formSlot = h('div');
  const uptime = uptimeLoader('checks');
  let checks = [];
  const tagFilter = tagSelect('check-tag-filter', 'checks');
  tagFilter.addEventListener('change', () => render());

  const addButton = readOnly ? null : h('button', { type: 'button', class: 'button', id: 'new-check', onclick: () => {
    if (!formSlot.firstChild) {
      replace(formSlot, checkForm(null, (created) => { window.location.hash = `/checks/${encodeURIComponent(created.id)}`; }, () => replace(formSlot)));
    }
    formSlot.querySelector('#check-name').focus();
  } }, 'Add check');
  const sweepButton = readOnly ? null : h('button', { type: 'button', class: 'button button--quiet', id: 'sweep-now', onclick: async () => {
    try {
      replace(message, h('p', { class: 'hint', role: 'status' }, await sweepNow()));
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  } }, 'Run checks now');

  function row(check) {
    const latest = check.latestResult || {};
    const state = checkState(check);
    return h('tr', { 'data-id': check.id, 'data-status': state },
      h('td', {}, h('a', { href: `#/checks/${encodeURIComponent(check.id)}`, class: 'check-name', 'data-focus': `${check.id}:open` }, check.name),
        tagChips(check.tags)),
      h('td', {}, checkBadge(state)),
      h('td', {}, check.type),
      h('td', { class: 'wrap' }, latest.reason ? `${latency(latest.latencyMs)} · ${latest.reason}` : '—'),
      h('td', {}, check.tier),
      h('td', { title: stamp(check.lastRunAt) }, ago(check.lastRunAt)),
      uptime.cells(check.id));
  }

  function render() {
    if (checks.length === 0) {
      replace(list, emptyState('No checks yet.', readOnly
        ? h('p', {}, 'Ask someone with an admin key to add your first check.')
        : h('p', {}, 'Add your first check: an HTTP URL, a TCP port or a TLS certificate to watch, then run it.')));
      return;
    }
    const shown = checks.filter((check) => carriesChosen(tagFilter, check));
    uptime.reset();
    if (shown.length === 0) {
      replace(list, emptyState('No check carries this tag.', h('p', {}, 'Pick another tag, or all tags.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', { class: 'visually-hidden' }, 'Checks'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, 'Latest result'), h('th', { scope: 'col' }, 'Tier'), h('th', { scope: 'col' }, 'Last run'),
        h('th', { scope: 'col', title: 'Uptime over the last 24 hours' }, '24 h'),
        h('th', { scope: 'col', title: 'Uptime over the last 30 days' }, '30 d'),
        h('th', { scope: 'col', title: 'Uptime by hour over the last 24 hours, oldest on the left' }, 'Last 24 h'))),
      h('tbody', {}, shown.map(row)))));
    for (const tr of list.querySelectorAll('tbody tr')) uptime.watch(tr);
  }

  async function refresh() {
    checks = await listChecks();
    checks.sort((a, b) => a.name.localeCompare(b.name));
    offerTags(tagFilter, checks);
    keepingFocus(render);
  }

  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Checks'), h('div', { class: 'actions' }, sweepButton, addButton)),
    h('p', { class: 'hint' }, 'Active checks Vigil runs for this tenant. ', h('a', { href: '#/thresholds' }, 'Threshold overrides'),
      ' tune the default conditions of every check of a type.'),
    h('div', { class: 'toolbar' }, tagFilter),
    formSlot, message, list);
  const page = await livePage('Checks', refresh, list, message, { clears: false });
  return { ...page, dispose: uptime.dispose };
}
