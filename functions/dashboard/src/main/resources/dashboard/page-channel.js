// One alert channel: its settings (secrets only as their hint), edit, enable / disable, delete (with
// detach), send a test alert, and its recent deliveries, failures highlighted.
import { h, replace, errorBox, emptyState, keepingFocus } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { CHANNEL_TYPES, typeLabel, flags, channelForm, deleteChannel } from './page-channels.js';

export async function mount(root, params) {
  const id = params.id;
  const path = `/api/channels/${encodeURIComponent(id)}`;
  const readOnly = session.readOnly();
  const back = h('p', {}, h('a', { href: '#/channels' }, '← Channels'));
  const heading = h('h1', {}, 'Channel');
  const message = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', id: 'channel-summary' });
  const editSlot = h('div');
  const deliveries = h('section', { class: 'card', id: 'channel-deliveries' });
  let channel = null;
  let etag = null;

  function settingRows() {
    const spec = CHANNEL_TYPES[channel.type] || { fields: [] };
    const settings = channel.settings || {};
    const names = [...new Set([...spec.fields.map((f) => f.name), ...Object.keys(settings)])];
    return names.map((name) => {
      const field = spec.fields.find((f) => f.name === name);
      const value = settings[name];
      return [h('dt', {}, field ? field.label : name),
        h('dd', { class: 'wrap', 'data-setting': name }, value === undefined || value === null
          ? (field && field.secret ? (readOnly ? 'hidden from a read-only key' : 'not set') : '—')
          : value)];
    });
  }

  // The notifier records the test a moment after the API took it: look again soon, as well as on the page's refresh.
  function refreshSoon() {
    for (const wait of [800, 2500]) {
      window.setTimeout(() => { refresh().catch(() => {}); }, wait);
    }
  }

  async function sendTest() {
    const name = channel.name;
    try {
      await api.post(`${path}/test`);
      replace(message, h('p', { class: 'message message--ok', id: 'test-outcome', role: 'status' },
        `Test sent — check ${name}. It shows under Recent deliveries once delivered.`));
      await refresh();
      refreshSoon();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function render() {
    replace(heading, h('span', { id: 'channel-name-heading' }, channel.name), flags(channel));
    const actions = readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'edit-channel', 'data-focus': 'edit', onclick: () => {
        replace(editSlot, channelForm(channel, { etag, onSaved: async () => { replace(editSlot); await refresh(); },
          onCancel: () => replace(editSlot) }));
        editSlot.querySelector('input').focus();
      } }, 'Edit'),
      h('button', { type: 'button', class: 'button', id: channel.enabled ? 'disable' : 'enable', 'data-focus': 'enabled',
        onclick: async () => {
          try {
            await api.put(path, { enabled: !channel.enabled }, { ifMatch: etag });
            replace(message);
            await refresh();
          } catch (e) {
            replace(message, errorBox(e.message));
          }
        } }, channel.enabled ? 'Disable' : 'Enable'),
      h('button', { type: 'button', class: 'button', id: 'send-test', 'data-focus': 'test', onclick: sendTest }, 'Send test alert'),
      h('button', { type: 'button', class: 'button button--danger', id: 'delete-channel', 'data-focus': 'delete',
        onclick: () => deleteChannel(channel, message, () => { window.location.hash = '/channels'; }) }, 'Delete'));
    replace(summary,
      h('dl', { class: 'facts', id: 'channel-settings' },
        h('dt', {}, 'Type'), h('dd', {}, typeLabel(channel.type)),
        h('dt', {}, 'Id'), h('dd', {}, channel.id),
        settingRows(),
        h('dt', {}, 'Changed'), h('dd', { title: stamp(channel.updatedAt) }, ago(channel.updatedAt))),
      h('p', { class: 'hint' }, 'Alerts of applications routed to this channel (or of all, when it is default) are delivered to it. '
        + (readOnly ? '' : 'Send test alert puts a test through it the way alerts go (at most one every 10 s).')),
      actions);
  }

  function renderDeliveries(page) {
    const rows = page.notifications || [];
    const failed = rows.filter((n) => n.status === 'failed').length;
    replace(deliveries, h('h2', {}, 'Recent deliveries'),
      failed > 0 ? h('p', { class: 'message message--error', id: 'failed-count' }, `${failed} of the last ${rows.length} failed.`) : null,
      rows.length === 0
        ? emptyState('Nothing delivered yet.', h('p', {}, 'Deliveries show here once an alert is routed to this channel: '
          + 'mark it default, add it to an application\'s channels, or send a test alert.'))
        : h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'channel-deliveries-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Event'),
            h('th', { scope: 'col' }, 'About'), h('th', { scope: 'col' }, 'Delivery'), h('th', { scope: 'col' }, 'Attempts'))),
          h('tbody', {}, rows.map((n) => h('tr', { class: n.status === 'failed' ? 'row--failed' : null, 'data-status': n.status,
            'data-event': n.eventId },
            h('td', { title: stamp(n.createdAt) }, ago(n.createdAt)), h('td', {}, n.type === 'ChannelTest' ? 'Test alert' : n.type),
            h('td', {}, n.applicationId && n.applicationId.startsWith('app_')
              ? h('a', { href: `#/applications/${encodeURIComponent(n.applicationId)}` }, n.applicationName || n.applicationId)
              : n.applicationName || n.applicationId || ''),
            h('td', {}, [n.status, n.httpStatus ? ` (HTTP ${n.httpStatus})` : '', n.error ? `: ${n.error}` : ''].join('')),
            h('td', {}, String(n.attempts))))))));
  }

  async function refresh() {
    const answer = await api.call('GET', path);
    channel = answer.body;
    etag = answer.etag;
    keepingFocus(render);
    renderDeliveries(await api.get(`/api/notifications?channel=${encodeURIComponent(id)}&limit=20`));
  }

  replace(root, back, heading, message, summary, editSlot, deliveries);
  try {
    await refresh();
  } catch (e) {
    replace(root, back, errorBox(e.status === 404 ? 'There is no such channel (it may have been deleted).' : e.message));
    return { title: 'Channel' };
  }
  return {
    title: channel.name,
    refresh: async () => {
      try {
        await refresh();
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
