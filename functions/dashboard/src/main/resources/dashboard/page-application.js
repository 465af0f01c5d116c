// One application: its status, ping URL with copy button and one-liners, edit / pause / resume /
// delete / acknowledge, its recent beats, its alerts and the notifications sent about it.
import { h, replace, errorBox, emptyState, keepingFocus, actOn, copyButton } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, relative, stamp, applicationState, duration } from './format.js';
import { statusBadge } from './page-applications.js';
import { beatChart } from './chart.js';
import { tagChips } from './tags.js';

/** Ways to call the ping URL from a job: what the detail page offers to copy. */
export function oneLiners(pingUrl, intervalSeconds) {
  const minutes = Math.max(1, Math.round(intervalSeconds / 60));
  const hours = Math.max(1, Math.round(minutes / 60));
  const cron = minutes === 1 ? '* * * * *' : minutes < 60 ? `*/${minutes} * * * *` : hours >= 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  return [
    ['curl', `curl -fsS -m 10 --retry 5 -X POST ${pingUrl}`],
    ['wget', `wget -q -T 10 -t 5 --method=POST -O /dev/null ${pingUrl}`],
    ['PowerShell', `Invoke-RestMethod -Method Post -TimeoutSec 10 -Uri ${pingUrl}`],
    ['cron', `${cron} /path/to/job.sh && curl -fsS -m 10 --retry 5 -X POST ${pingUrl} > /dev/null`],
  ];
}

export async function mount(root, params) {
  const id = params.id;
  const path = `/api/applications/${encodeURIComponent(id)}`;
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', id: 'summary' });
  const ping = h('section', { class: 'card', id: 'ping' });
  const editSlot = h('div');
  const chartArea = h('div', { class: 'chart', id: 'beat-chart' });
  const history = h('section', { class: 'card', id: 'history' }, h('h2', {}, 'Beat history'),
    h('p', { class: 'hint' }, 'Each point is a beat: how long after the beat before it came, against the expected interval and the grace.'),
    chartArea);
  const chart = beatChart(chartArea);
  const beats = h('section', { class: 'card', id: 'beats' });
  const alerts = h('section', { class: 'card', id: 'alerts' });
  const notices = h('section', { class: 'card', id: 'notifications' });
  const heading = h('h1', {}, 'Application');
  let app = null;
  let etag = null;
  let pingShown = null;

  const act = actOn(message, refresh);

  function editForm() {
    const name = h('input', { id: 'edit-name', value: app.name, required: true, maxlength: 100 });
    const interval = h('input', { id: 'edit-interval', type: 'number', min: 60, value: app.intervalSeconds });
    const grace = h('input', { id: 'edit-grace', type: 'number', min: 0, value: app.graceSeconds });
    const tags = h('input', { id: 'edit-tags', value: (app.tags || []).join(', '), placeholder: 'prod, team:payments' });
    const problem = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'card form', id: 'edit-form', novalidate: true },
      h('h2', {}, 'Edit'),
      h('label', { for: 'edit-name' }, 'Name'), name,
      h('label', { for: 'edit-interval' }, 'Expected every (seconds)'), interval,
      h('label', { for: 'edit-grace' }, 'Grace (seconds)'), grace,
      h('label', { for: 'edit-tags' }, 'Tags (separated by commas)'), tags,
      problem,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'button', id: 'edit-submit' }, 'Save'),
        h('button', { type: 'button', class: 'button button--quiet', onclick: () => replace(editSlot) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.put(path, { name: name.value.trim(), intervalSeconds: Number(interval.value), graceSeconds: Number(grace.value),
          tags: tags.value.split(',').map((tag) => tag.trim()).filter(Boolean) },
          { ifMatch: etag });
        replace(editSlot);
        await refresh();
      } catch (e) {
        replace(problem, errorBox(e.message));
      }
    });
    return form;
  }

  async function remove() {
    if (!window.confirm(`Delete ${app.name}? Its beat history goes with it.`)) return;
    try {
      await api.del(path, { ifMatch: etag });
      window.location.hash = '/applications';
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function renderSummary() {
    const state = applicationState(app);
    replace(heading, h('span', { id: 'app-name' }, app.name), statusBadge(state));
    const actions = readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'edit', 'data-focus': 'edit', onclick: () => { replace(editSlot, editForm()); editSlot.querySelector('input').focus(); } }, 'Edit'),
      h('button', { type: 'button', class: 'button', id: app.active ? 'pause' : 'resume', 'data-focus': 'active',
        onclick: () => act(() => api.put(path, { active: !app.active }, { ifMatch: etag })) }, app.active ? 'Pause' : 'Resume'),
      app.status === 'down' && !app.acknowledged ? h('button', { type: 'button', class: 'button', id: 'acknowledge',
        onclick: () => act(() => api.post(`${path}/acknowledge`)) }, 'Acknowledge outage') : null,
      h('button', { type: 'button', class: 'button button--danger', id: 'delete', 'data-focus': 'delete', onclick: remove }, 'Delete'));
    replace(summary,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Last beat'), h('dd', { title: stamp(app.lastHeartbeat) }, ago(app.lastHeartbeat)),
        h('dt', {}, 'Next deadline'), h('dd', { title: stamp(app.deadline) }, app.active ? relative(app.deadline) : 'paused'),
        h('dt', {}, 'Expected'), h('dd', {}, `every ${duration(app.intervalSeconds)}, ${duration(app.graceSeconds)} grace`),
        h('dt', {}, 'Outage acknowledged'), h('dd', {}, app.acknowledged ? 'yes' : 'no'),
        h('dt', {}, 'Tags'), h('dd', { id: 'app-tags' }, tagChips(app.tags) || '—'),
        app.unknown ? h('dt', {}, 'Last miss') : null,
        app.unknown ? h('dd', { id: 'unknown-miss', title: stamp(app.unknown.since) },
          `unknown since ${ago(app.unknown.since)}: ${app.unknown.explanation}`) : null),
      actions);
    // The ping section changes only with the URL or the interval: left alone, its copy buttons keep focus.
    const pingKey = `${app.pingUrl}|${app.intervalSeconds}`;
    if (pingKey === pingShown) return;
    pingShown = pingKey;
    if (!app.pingUrl) {
      replace(ping, h('h2', {}, 'Ping URL'), h('p', {}, 'A read-only key does not see ping URLs.'));
      return;
    }
    replace(ping, h('h2', {}, 'Ping URL'),
      h('div', { class: 'copy-line' }, h('code', { id: 'ping-url' }, app.pingUrl), copyButton(app.pingUrl, 'Copy the ping URL')),
      h('p', { class: 'hint' }, 'Call it when your job finishes. GET or POST both count as a beat.'),
      oneLiners(app.pingUrl, app.intervalSeconds).map(([label, line]) => h('div', { class: 'one-liner' },
        h('span', { class: 'one-liner__label' }, label),
        h('div', { class: 'copy-line' }, h('code', {}, line), copyButton(line, `Copy the ${label} line`)))));
  }

  function renderBeats(page) {
    const rows = (page.heartbeats || []).slice(0, 20);
    replace(beats, h('h2', {}, 'Recent beats'), rows.length === 0
      ? emptyState('No beats yet.', h('p', {}, 'Call the ping URL above; the first beat shows here within seconds.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'beats-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Received'), h('th', { scope: 'col' }, 'Method'),
          h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'User agent'))),
        h('tbody', {}, rows.map((beat) => h('tr', {},
          h('td', { title: stamp(beat.receivedAt) }, ago(beat.receivedAt)), h('td', {}, beat.method || ''),
          h('td', {}, beat.sourceIp || ''), h('td', { class: 'wrap' }, beat.userAgent || '')))))));
  }

  function renderAlerts(page) {
    const rows = page.alerts || [];
    replace(alerts, h('h2', {}, 'Alerts'), rows.length === 0
      ? emptyState('No alerts.', h('p', {}, 'When a beat is late past its grace, the outage shows here.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'alerts-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Opened'), h('th', { scope: 'col' }, 'Alert'),
          h('th', { scope: 'col' }, 'Severity'), h('th', { scope: 'col' }, 'Status'),
          readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
        h('tbody', {}, rows.map((alert) => h('tr', { 'data-id': alert.id, 'data-status': alert.status },
          h('td', { title: stamp(alert.openedAt) }, ago(alert.openedAt)), h('td', {}, alert.name || alert.kind),
          h('td', {}, alert.severity), h('td', {}, h('span', { class: `badge badge--alert-${alert.status}` }, alert.status)),
          readOnly ? null : h('td', {}, alert.status === 'open' ? h('button', { type: 'button', class: 'button button--small',
            'data-action': 'acknowledge-alert', 'data-focus': `${alert.id}:acknowledge`,
            onclick: () => act(() => api.post(`/api/alerts/${encodeURIComponent(alert.id)}/acknowledge`)) }, 'Acknowledge') : null)))))));
  }

  function renderNotifications(page) {
    const rows = (page.notifications || []).filter((n) => n.applicationId === id).slice(0, 20);
    replace(notices, h('h2', {}, 'Notifications sent'), rows.length === 0
      ? emptyState('No notifications yet.', h('p', {}, 'Alerts about this application are delivered to its channels and listed here.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'notifications-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Event'),
          h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Delivery'))),
        h('tbody', {}, rows.map((n) => h('tr', { class: n.status === 'failed' ? 'row--failed' : null },
          h('td', { title: stamp(n.createdAt) }, ago(n.createdAt)), h('td', {}, n.type),
          h('td', {}, `${n.channelType} ${n.channel}`), h('td', {}, n.error ? `${n.status}: ${n.error}` : n.status)))))));
  }

  async function refresh() {
    const answer = await api.call('GET', path);
    app = answer.body;
    etag = answer.etag;
    keepingFocus(renderSummary);
    const [beatPage, alertPage, notificationPage] = await Promise.all([
      api.get(`${path}/heartbeats?limit=100`),
      api.get(`/api/alerts?subject=${encodeURIComponent(id)}&limit=20`),
      api.get('/api/notifications?limit=100'),
    ]);
    chart.update(beatPage.heartbeats || [], app);
    renderBeats(beatPage);
    keepingFocus(() => renderAlerts(alertPage));
    renderNotifications(notificationPage);
  }

  replace(root, h('p', {}, h('a', { href: '#/applications' }, '← Applications')), heading, message, summary, editSlot, ping,
    history, beats, alerts, notices);
  try {
    await refresh();
  } catch (e) {
    replace(root, h('p', {}, h('a', { href: '#/applications' }, '← Applications')),
      errorBox(e.status === 404 ? 'There is no such application (it may have been deleted).' : e.message));
    return { title: 'Application' };
  }
  return {
    title: app.name,
    refresh: async () => {
      try {
        await refresh();
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
