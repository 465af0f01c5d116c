// One alert: what it is about, its timeline (opened, acknowledged, resolved: when and by whom), the
// deliveries of its events to the channels, the Acknowledge and Resolve buttons, and Open incident: one
// click opens a status-page incident from the alert, or links to the one already opened from it.
import { h, replace, errorBox, emptyState, keepingFocus, actOn } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { severityBadge, alertStatusBadge, subjectOf } from './page-alerts.js';
import { incidentBadge } from './status-components.js';

function timelineEntry(label, at, by) {
  return h('li', { class: 'timeline__entry' },
    h('span', { class: 'timeline__what' }, label),
    h('span', { title: stamp(at) }, ` ${ago(at)}`),
    by ? h('span', { class: 'hint' }, ` by ${by}`) : null,
    h('span', { class: 'hint' }, ` (${stamp(at)})`));
}

export async function mount(root, params) {
  const id = params.id;
  const path = `/api/alerts/${encodeURIComponent(id)}`;
  const readOnly = session.readOnly();
  const back = h('p', {}, h('a', { href: '#/alerts' }, '← Alerts'));
  const heading = h('h1', {}, 'Alert');
  const message = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', id: 'alert-summary' });
  const timeline = h('section', { class: 'card', id: 'timeline' });
  const deliveries = h('section', { class: 'card', id: 'deliveries' });
  const incidentSlot = h('div', { id: 'alert-incident' });
  let alert = null;
  let incident = null;

  const act = actOn(message, refresh);

  async function openIncident() {
    try {
      const opened = await api.post('/api/incidents', { fromAlert: id });
      window.location.hash = `/incidents/${encodeURIComponent(opened.body.id)}`;
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  /** The incident opened from this alert as a link; else, for an admin key, the button that opens one. */
  function incidentPart() {
    if (incident) {
      return h('p', {}, 'Incident: ', h('a', { href: `#/incidents/${encodeURIComponent(incident.id)}`, id: 'alert-incident-link' },
        incident.title), ' ', incidentBadge(incident.status));
    }
    return readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button--quiet', id: 'open-incident', 'data-focus': 'open-incident',
        onclick: openIncident }, 'Open incident'),
      h('span', { class: 'hint' }, 'Tells your status pages\' visitors, starting at "investigating".'));
  }

  function render() {
    replace(heading, severityBadge(alert.severity), h('span', { id: 'alert-name' }, alert.name || alert.subject),
      alertStatusBadge(alert.status));
    const actions = readOnly || alert.status === 'resolved' ? null : h('div', { class: 'actions' },
      alert.status === 'open' ? h('button', { type: 'button', class: 'button', id: 'acknowledge', 'data-focus': 'acknowledge',
        onclick: () => act(() => api.post(`${path}/acknowledge`)) }, 'Acknowledge') : null,
      h('button', { type: 'button', class: 'button button--quiet', id: 'resolve', 'data-focus': 'resolve',
        onclick: () => act(() => api.post(`${path}/resolve`)) }, 'Resolve'));
    replace(summary,
      h('dl', { class: 'facts' },
        h('dt', {}, 'About'), h('dd', {}, subjectOf(alert)),
        h('dt', {}, 'Opened by'), h('dd', {}, alert.openedBy || '—'),
        h('dt', {}, 'Occurrences'), h('dd', {}, String(alert.occurrences)),
        h('dt', {}, 'Last seen'), h('dd', { title: stamp(alert.lastSeenAt) }, ago(alert.lastSeenAt)),
        session.who() && session.who().operator ? [h('dt', {}, 'Tenant'), h('dd', {}, alert.tenantId)] : null),
      actions, replace(incidentSlot, incidentPart()));
    replace(timeline, h('h2', {}, 'Timeline'), h('ol', { class: 'timeline' },
      timelineEntry('Opened', alert.openedAt, null),
      alert.acknowledgedAt ? timelineEntry('Acknowledged', alert.acknowledgedAt, alert.acknowledgedBy) : null,
      alert.resolvedAt ? timelineEntry('Resolved', alert.resolvedAt, alert.resolvedBy) : null));
    const rows = alert.deliveries || [];
    replace(deliveries, h('h2', {}, 'Deliveries'), rows.length === 0
      ? emptyState('Nothing delivered yet.', h('p', {}, 'Each channel this alert goes to records its delivery here. '),
        h('p', {}, h('a', { href: '#/channels' }, 'Check the channels')))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'deliveries-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Event'),
          h('th', { scope: 'col' }, 'Channel'), h('th', { scope: 'col' }, 'Delivery'), h('th', { scope: 'col' }, 'Attempts'))),
        h('tbody', {}, rows.map((n) => h('tr', { class: n.status === 'failed' ? 'row--failed' : null, 'data-status': n.status },
          h('td', { title: stamp(n.createdAt) }, ago(n.createdAt)), h('td', {}, n.type),
          h('td', {}, n.channel && n.channel.startsWith('ch_')
            ? h('a', { href: `#/channels/${encodeURIComponent(n.channel)}` }, `${n.channelType} ${n.channel}`)
            : n.channel === n.channelType ? n.channel : `${n.channelType} ${n.channel}`),
          h('td', {}, n.error ? `${n.status}: ${n.error}` : n.status),
          h('td', {}, String(n.attempts))))))));
  }

  async function refresh() {
    const [found, opened] = await Promise.all([api.get(path),
      api.get(`/api/incidents?alert=${encodeURIComponent(id)}`).then((page) => page.incidents[0] || null, () => incident)]);
    alert = found;
    incident = opened;
    keepingFocus(render);
  }

  replace(root, back, heading, message, summary, timeline, deliveries);
  try {
    await refresh();
  } catch (e) {
    replace(root, back, errorBox(e.status === 404 ? 'There is no such alert (resolved alerts are kept for a limited time).' : e.message));
    return { title: 'Alert' };
  }
  return {
    title: `Alert: ${alert.name || alert.subject}`,
    refresh: async () => {
      try {
        await refresh();
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
