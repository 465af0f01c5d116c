// One application: its state, schedule, thresholds, runtime limits, parent, slug and maintenance windows; its ping
// URL (and slug URL) with copy buttons and one-liners; edit / pause / resume / delete / acknowledge; its uptime
// (24 hours, 30 days, a year), a bar of its recent beats and one of its last 30 days; the beat history and
// run-duration charts, its recent beats (signals, exit codes, durations, messages, bodies), its alerts and the
// notifications sent about it.
import { h, replace, errorBox, emptyState, keepingFocus, actOn, copyButton } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, relative, stamp, duration, schedule, runDuration } from './format.js';
import { stateBadges, listApplications } from './page-applications.js';
import { beatChart, durationChart } from './chart.js';
import { applicationForm } from './application-form.js';
import { tagChips } from './tags.js';
import { uptimeCard, beatBar } from './uptime-bar.js';

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

/** The runtime limits as a sentence. */
function runtimeLimits(app) {
  const min = app.minRuntimeSeconds;
  const max = app.maxRuntimeSeconds;
  if (min == null && max == null) return 'no limits';
  return [min != null ? `at least ${duration(min)}` : null, max != null ? `at most ${duration(max)}` : null].filter(Boolean).join(', ');
}

/** The maintenance windows, one a line: "one-off from … to …", "cron 0 3 * * SUN (Europe/Paris) for 1 h". */
function maintenanceList(windows) {
  if (!windows || windows.length === 0) return 'none';
  return h('ul', { class: 'plain-list' }, windows.map((window) => h('li', { 'data-kind': window.cron ? 'recurring' : 'one-off' },
    window.cron
      ? `cron ${window.cron} (${window.timezone || 'UTC'}) for ${duration(window.durationMinutes * 60)}`
      : `one-off from ${stamp(window.start)} to ${stamp(window.end)}`)));
}

const BODY_SHOWN = 2000;

/** A beat's body as text in a <pre> (never as markup), cut for display, marked when Vigil stored only its start. */
function beatBody(beat) {
  if (!beat.body) return '';
  const cut = beat.body.length > BODY_SHOWN;
  return h('div', {}, h('pre', { class: 'beat-body', title: beat.contentType || null }, cut ? `${beat.body.slice(0, BODY_SHOWN)}…` : beat.body),
    beat.truncated || cut ? h('span', { class: 'truncated', title: beat.truncated
      ? 'The body was longer than the limit; Vigil stored its first bytes.' : 'Shown in part.' }, '(truncated)') : null);
}

/** The tenant whose data the page shows: the operator's choice, or the key's own tenant. */
function ownTenant() {
  const identity = session.who();
  return session.tenant() || (identity && identity.tenantId) || 'default';
}

/**
 * The tenant's ping key, for the slug URL: only the operator's admin key reads it (GET /api/tenants/{id} is
 * the operator's, and it leaves the key out for a caller that sees no secrets); null for anyone else.
 */
async function tenantPingKey() {
  const identity = session.who();
  if (!identity || !identity.operator || identity.readOnly) return null;
  try {
    return (await api.get(`/api/tenants/${encodeURIComponent(ownTenant())}`)).pingKey || null;
  } catch (e) {
    return null;
  }
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
  const durationArea = h('div', { class: 'chart', id: 'duration-chart' });
  const runs = h('section', { class: 'card', id: 'runs' }, h('h2', {}, 'Run durations'),
    h('p', { class: 'hint' }, 'Each point is a run that ended: how long from its start to its success or (red dots) its failure.'),
    durationArea);
  const chart = beatChart(chartArea);
  const durations = durationChart(durationArea);
  let parent = null;
  let pingKey = null;
  const uptime = uptimeCard('applications', id, {
    prefix: 'app',
    recentTitle: 'Recent beats',
    recentHint: 'The last 50 beats, oldest on the left: green success, red fail, blue start, grey log, amber a success '
      + 'that came later than the interval and grace after the one before. Hover a segment for its details.',
    dailyHint: 'Paused and maintenance time are left out of the figures.',
  });
  const beats = h('section', { class: 'card', id: 'beats' });
  const alerts = h('section', { class: 'card', id: 'alerts' });
  const notices = h('section', { class: 'card', id: 'notifications' });
  const heading = h('h1', {}, 'Application');
  let app = null;
  let etag = null;
  let pingShown = null;

  const act = actOn(message, refresh);

  async function openEditForm() {
    let others;
    try {
      others = (await listApplications()).filter((other) => other.id !== id).sort((x, y) => x.name.localeCompare(y.name));
    } catch (e) {
      replace(message, errorBox(e.message));
      return;
    }
    replace(editSlot, applicationForm({
      app,
      others,
      prefix: 'edit',
      cancel: () => replace(editSlot),
      save: async (body) => {
        await api.put(path, body, { ifMatch: etag });
        replace(editSlot);
        await refresh();
      },
    }));
    editSlot.querySelector('input').focus();
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
    replace(heading, h('span', { id: 'app-name' }, app.name), stateBadges(app));
    const actions = readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'edit', 'data-focus': 'edit', onclick: openEditForm }, 'Edit'),
      h('button', { type: 'button', class: 'button', id: app.active ? 'pause' : 'resume', 'data-focus': 'active',
        onclick: () => act(() => api.post(`${path}/${app.active ? 'pause' : 'resume'}`)) }, app.active ? 'Pause' : 'Resume'),
      app.status === 'down' && !app.acknowledged ? h('button', { type: 'button', class: 'button', id: 'acknowledge',
        onclick: () => act(() => api.post(`${path}/acknowledge`)) }, 'Acknowledge outage') : null,
      h('button', { type: 'button', class: 'button button--danger', id: 'delete', 'data-focus': 'delete', onclick: remove }, 'Delete'));
    replace(summary,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Last beat'), h('dd', { title: stamp(app.lastHeartbeat) }, ago(app.lastHeartbeat)),
        h('dt', {}, 'Next deadline'), h('dd', { title: stamp(app.deadline) }, app.active ? relative(app.deadline) : 'paused'),
        h('dt', {}, 'Schedule'), h('dd', { id: 'app-schedule' }, `${schedule(app)}, ${duration(app.graceSeconds)} grace`),
        h('dt', {}, 'Thresholds'), h('dd', { id: 'app-thresholds' },
          `down after ${app.failureThreshold} miss${app.failureThreshold === 1 ? '' : 'es'} or failure${app.failureThreshold === 1 ? '' : 's'} in a row, `
          + `up after ${app.recoveryThreshold} success${app.recoveryThreshold === 1 ? '' : 'es'} in a row`),
        h('dt', {}, 'Runtime'), h('dd', { id: 'app-runtime' }, runtimeLimits(app)),
        h('dt', {}, 'When paused'), h('dd', { id: 'app-manual-resume' },
          app.manualResume ? 'stays paused until resumed here (beats are recorded, they do not resume it)' : 'a beat resumes it'),
        h('dt', {}, 'Parent'), h('dd', { id: 'app-parent' }, app.parentId
          ? h('a', { href: `#/applications/${encodeURIComponent(app.parentId)}` }, parent ? parent.name : app.parentId) : '—'),
        app.suppressed ? h('dt', {}, 'Alerts suppressed') : null,
        app.suppressed ? h('dd', { id: 'app-suppressed' }, app.suppressed) : null,
        h('dt', {}, 'Slug'), h('dd', { id: 'app-slug' }, app.slug ? h('code', {}, app.slug) : '—'),
        h('dt', {}, 'Maintenance'), h('dd', { id: 'app-maintenance' }, maintenanceList(app.maintenance)),
        h('dt', {}, 'Outage acknowledged'), h('dd', {}, app.acknowledged ? 'yes' : 'no'),
        h('dt', {}, 'Tags'), h('dd', { id: 'app-tags' }, tagChips(app.tags) || '—'),
        app.unknown ? h('dt', {}, 'Last miss') : null,
        app.unknown ? h('dd', { id: 'unknown-miss', title: stamp(app.unknown.since) },
          `unknown since ${ago(app.unknown.since)}: ${app.unknown.explanation}`) : null),
      actions);
    // The ping section changes only with the URL or the interval: left alone, its copy buttons keep focus.
    const slugUrl = app.pingUrl && pingKey && app.slug
      ? `${app.pingUrl.slice(0, app.pingUrl.indexOf('/heartbeat/'))}/heartbeat/${pingKey}/${app.slug}` : null;
    const shown = `${app.pingUrl}|${app.intervalSeconds}|${slugUrl}`;
    if (shown === pingShown) return;
    pingShown = shown;
    if (!app.pingUrl) {
      replace(ping, h('h2', {}, 'Ping URL'), h('p', {}, 'A read-only key does not see ping URLs.'));
      return;
    }
    replace(ping, h('h2', {}, 'Ping URL'),
      h('div', { class: 'copy-line' }, h('code', { id: 'ping-url' }, app.pingUrl), copyButton(app.pingUrl, 'Copy the ping URL')),
      h('p', { class: 'hint' }, 'Call it when your job finishes. GET or POST both count as a beat; add /start before the job, '
        + '/fail (or /<exit code>) after a failure, ?rid=<uuid> to pair a start with its end and time the run.'),
      slugUrl ? h('div', { id: 'slug-ping' }, h('h3', {}, 'Slug URL'),
        h('div', { class: 'copy-line' }, h('code', { id: 'slug-url' }, slugUrl), copyButton(slugUrl, 'Copy the slug URL', { id: 'copy-slug-url' })),
        h('p', { class: 'hint' }, 'The same beat by the tenant\'s ping key and this application\'s slug; rotating the ping key changes it.')) : null,
      !slugUrl && app.slug && !readOnly ? h('p', { class: 'hint', id: 'slug-hint' }, 'A slug URL needs the tenant\'s ping key: ',
        h('a', { href: `#/tenants/${encodeURIComponent(ownTenant())}` }, 'see the ping key'), '.') : null,
      oneLiners(app.pingUrl, app.intervalSeconds).map(([label, line]) => h('div', { class: 'one-liner' },
        h('span', { class: 'one-liner__label' }, label),
        h('div', { class: 'copy-line' }, h('code', {}, line), copyButton(line, `Copy the ${label} line`)))));
  }

  function renderBeats(page) {
    const rows = (page.heartbeats || []).slice(0, 20);
    const column = (label) => h('th', { scope: 'col' }, label);
    replace(beats, h('h2', {}, 'Recent beats'), rows.length === 0
      ? emptyState('No beats yet.', h('p', {}, 'Call the ping URL above; the first beat shows here within seconds.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'beats-table' },
        h('thead', {}, h('tr', {}, column('Received'), column('Signal'), column('Exit code'), column('Duration'), column('Run'),
          column('Message'), column('Body'), column('Coalesced'), column('Source'))),
        h('tbody', {}, rows.map((beat) => h('tr', { 'data-signal': beat.signal || 'success' },
          h('td', { title: stamp(beat.receivedAt) }, ago(beat.receivedAt)),
          h('td', { title: beat.method || '' }, h('span', { class: `signal signal--${beat.signal || 'success'}` }, beat.signal || 'success')),
          h('td', { class: 'exit-code' }, beat.exitCode ?? ''),
          h('td', { class: 'duration', title: beat.reportedDurationSeconds != null ? `the job reported ${beat.reportedDurationSeconds} s` : null },
            runDuration(beat.durationMs)),
          h('td', { class: 'rid', title: beat.rid || null }, beat.rid ? h('code', {}, `${beat.rid.slice(0, 8)}…`) : ''),
          h('td', { class: 'wrap msg' }, beat.msg || ''),
          h('td', { class: 'body' }, beatBody(beat)),
          h('td', { class: 'coalesced', title: beat.coalesced ? 'beats above the beat rate, counted but not stored' : null },
            beat.coalesced ? `+${beat.coalesced}` : ''),
          h('td', { class: 'wrap', title: beat.userAgent || null }, beat.sourceIp || '')))))));
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
    [parent, pingKey] = await Promise.all([
      app.parentId ? api.get(`/api/applications/${encodeURIComponent(app.parentId)}`).catch(() => null) : null,
      tenantPingKey(),
    ]);
    keepingFocus(renderSummary);
    const [beatPage, alertPage, notificationPage] = await Promise.all([
      api.get(`${path}/heartbeats?limit=100`),
      api.get(`/api/alerts?subject=${encodeURIComponent(id)}&limit=20`),
      api.get('/api/notifications?limit=100'),
    ]);
    uptime.showRecent(beatBar(beatPage.heartbeats || [], app, 'app-beat-bar'));
    await uptime.refresh();
    chart.update(beatPage.heartbeats || [], app);
    durations.update(beatPage.heartbeats || []);
    renderBeats(beatPage);
    keepingFocus(() => renderAlerts(alertPage));
    renderNotifications(notificationPage);
  }

  replace(root, h('p', {}, h('a', { href: '#/applications' }, '← Applications')), heading, message, summary, editSlot,
    uptime.element, ping, history, runs, beats, alerts, notices);
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
