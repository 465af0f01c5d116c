// Alert channels: the list (type, routing flags, enabled), add one per type, enable / disable and
// delete (a channel that applications route to is offered a detach). Edit buttons are hidden from a
// read-only key, which the API refuses anyway.
import { h, replace, errorBox, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';

/**
 * The settings of each channel type one can add (the in-app list needs none and always exists), as README "Alert channels" gives them. Secret settings are
 * write-only: the API shows only their hint (****abcd) and a form never fills them in.
 */
export const CHANNEL_TYPES = {
  slack: { label: 'Slack', fields: [{ name: 'webhookUrl', label: 'Incoming webhook URL', secret: true, required: true }] },
  discord: { label: 'Discord', fields: [{ name: 'webhookUrl', label: 'Webhook URL', secret: true, required: true }] },
  pagerduty: { label: 'PagerDuty', fields: [
    { name: 'routingKey', label: 'Integration (routing) key', secret: true, required: true },
    { name: 'eventsUrl', label: 'Events URL (optional; the EU one for EU accounts)' }] },
  webhook: { label: 'Signed webhook', fields: [
    { name: 'url', label: 'URL (https, public)', secret: true, required: true },
    { name: 'signingSecret', label: 'Signing secret (at least 16 characters)', secret: true, required: true }] },
  whatsapp: { label: 'WhatsApp', fields: [
    { name: 'phoneNumberId', label: 'Phone number ID', required: true },
    { name: 'accessToken', label: 'Access token', secret: true, required: true },
    { name: 'to', label: 'Send to (phone number, +15551234567)', required: true },
    { name: 'apiBaseUrl', label: 'API base URL (optional)' }] },
  sns: { label: 'Email / SMS (SNS topic)', fields: [{ name: 'topicArn', label: 'Topic ARN (optional)' }] },
};

export function typeLabel(type) {
  return CHANNEL_TYPES[type] ? CHANNEL_TYPES[type].label : type;
}

/** A channel's flags as short words: enabled or disabled, default route, escalation. */
export function flags(channel) {
  return [
    h('span', { class: `badge ${channel.enabled ? 'badge--up' : 'badge--paused'}`, 'data-enabled': String(channel.enabled) },
      channel.enabled ? 'enabled' : 'disabled'),
    channel.default ? h('span', { class: 'badge badge--new' }, 'default') : null,
    channel.escalation ? h('span', { class: 'badge badge--new' }, 'escalation') : null,
  ];
}

/**
 * The create or edit form of a channel. Secret fields start empty: on edit, leaving one empty keeps the
 * stored secret, whose hint is shown beside it. onSaved receives the saved channel.
 */
export function channelForm(channel, { etag, onSaved, onCancel }) {
  const editing = channel !== null;
  const type = h('select', { id: 'channel-type', disabled: editing },
    Object.entries(CHANNEL_TYPES).map(([value, t]) => h('option', { value, selected: editing && channel.type === value }, t.label)));
  const name = h('input', { id: 'channel-name', required: true, maxlength: 100, value: editing ? channel.name : '' });
  const enabled = h('input', { id: 'channel-enabled', type: 'checkbox', checked: editing ? channel.enabled : true });
  const isDefault = h('input', { id: 'channel-default', type: 'checkbox', checked: editing ? channel.default : false });
  const escalation = h('input', { id: 'channel-escalation', type: 'checkbox', checked: editing ? channel.escalation : false });
  const settingsSlot = h('div', { class: 'form' });
  const problem = h('div', { 'aria-live': 'polite' });
  let inputs = {};

  function renderSettings() {
    const spec = CHANNEL_TYPES[type.value];
    inputs = {};
    replace(settingsSlot, spec.fields.map((field) => {
      const stored = editing && channel.type === type.value ? (channel.settings || {})[field.name] : undefined;
      const inputId = `setting-${field.name}`;
      const input = field.secret
        ? h('input', { id: inputId, type: 'password', autocomplete: 'new-password', spellcheck: 'false',
          placeholder: stored ? 'leave empty to keep it' : '' })
        : h('input', { id: inputId, value: stored || '', spellcheck: 'false' });
      inputs[field.name] = { field, input };
      return [
        h('label', { for: inputId }, field.label),
        input,
        field.secret ? h('p', { class: 'hint', id: `${inputId}-hint` }, stored
          ? `Stored: ${stored}. Write-only: type a new value to replace it.`
          : 'Write-only: once saved, only its last four characters are shown.') : null,
      ];
    }));
  }

  const form = h('form', { class: 'card form', id: 'channel-form', novalidate: true },
    h('h2', {}, editing ? 'Edit channel' : 'Add a channel'),
    h('label', { for: 'channel-type' }, 'Type'), type,
    h('label', { for: 'channel-name' }, 'Name'), name,
    settingsSlot,
    h('label', { class: 'check' }, enabled, ' Enabled'),
    h('label', { class: 'check' }, isDefault, ' Default: applications without channels of their own alert here'),
    h('label', { class: 'check' }, escalation, ' Escalation: paged when a tenant\'s recovery is escalated'),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: 'channel-submit' }, editing ? 'Save' : 'Add channel'),
      h('button', { type: 'button', class: 'button button--quiet', id: 'channel-cancel', onclick: onCancel }, 'Cancel')));
  type.addEventListener('change', renderSettings);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = {};
    for (const { field, input } of Object.values(inputs)) {
      const value = input.value.trim();
      if (value !== '') settings[field.name] = value;
    }
    const body = { name: name.value.trim(), enabled: enabled.checked, default: isDefault.checked,
      escalation: escalation.checked, settings };
    try {
      const answer = editing
        ? await api.put(`/api/channels/${encodeURIComponent(channel.id)}`, body, { ifMatch: etag })
        : await api.post('/api/channels', { type: type.value, ...body });
      for (const { input } of Object.values(inputs)) {
        if (input.type === 'password') input.value = '';
      }
      onSaved(answer.body);
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });
  renderSettings();
  return form;
}

/** Deletes a channel; a 409 (applications route to it) offers to detach it from them and delete. */
export async function deleteChannel(channel, message, onDeleted) {
  if (!window.confirm(`Delete the channel ${channel.name}?`)) return;
  const path = `/api/channels/${encodeURIComponent(channel.id)}`;
  try {
    await api.del(path, { ifMatch: `"${channel.version}"` });
    replace(message);
    onDeleted();
  } catch (e) {
    if (e.status !== 409) {
      replace(message, errorBox(e.message));
      return;
    }
    replace(message, h('div', { class: 'message message--error', role: 'alert', id: 'channel-in-use' },
      h('p', {}, e.message),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--danger', id: 'detach-delete', onclick: async () => {
          try {
            await api.del(`${path}?detach=true`, { ifMatch: '*' });
            replace(message);
            onDeleted();
          } catch (again) {
            replace(message, errorBox(again.message));
          }
        } }, 'Take it out of those applications and delete'),
        h('button', { type: 'button', class: 'button button--quiet', onclick: () => replace(message) }, 'Keep it'))));
  }
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'channels' });
  const formSlot = h('div');
  let channels = [];

  const createButton = readOnly ? null : h('button', {
    type: 'button', class: 'button', id: 'new-channel',
    onclick: () => {
      if (!formSlot.firstChild) {
        replace(formSlot, channelForm(null, {
          onSaved: (created) => { replace(formSlot); window.location.hash = `/channels/${encodeURIComponent(created.id)}`; },
          onCancel: () => replace(formSlot),
        }));
      }
      formSlot.querySelector('select').focus();
    },
  }, 'Add channel');

  async function setEnabled(channel, enabled) {
    try {
      await api.put(`/api/channels/${encodeURIComponent(channel.id)}`, { enabled }, { ifMatch: `"${channel.version}"` });
      replace(message);
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function row(channel) {
    return h('tr', { 'data-id': channel.id, 'data-enabled': String(channel.enabled) },
      h('td', {}, h('a', { href: `#/channels/${encodeURIComponent(channel.id)}`, class: 'channel-name', 'data-focus': `${channel.id}:open` },
        channel.name)),
      h('td', {}, typeLabel(channel.type)),
      h('td', {}, flags(channel)),
      h('td', { title: stamp(channel.updatedAt) }, ago(channel.updatedAt)),
      h('td', { class: 'hint' }, channel.id),
      readOnly ? null : h('td', { class: 'row-actions' },
        h('button', { type: 'button', class: 'button button--small', 'data-action': channel.enabled ? 'disable' : 'enable',
          'data-focus': `${channel.id}:enabled`, onclick: () => setEnabled(channel, !channel.enabled) },
        channel.enabled ? 'Disable' : 'Enable'),
        h('button', { type: 'button', class: 'button button--small button--danger', 'data-action': 'delete',
          'data-focus': `${channel.id}:delete`, onclick: () => deleteChannel(channel, message, refresh) }, 'Delete')));
  }

  function render() {
    if (channels.length === 0) {
      replace(list, emptyState('No channels yet.', readOnly
        ? h('p', {}, 'Alerts are kept in the in-app list. Ask someone with an admin key to add a Slack, Discord, PagerDuty or webhook channel.')
        : h('p', {}, 'Add your first channel (Slack, Discord, PagerDuty, a signed webhook, ...) and mark it default, '
          + 'so that someone hears about an outage.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'channels-table' },
      h('caption', { class: 'visually-hidden' }, 'Channels'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Routing'),
        h('th', { scope: 'col' }, 'Changed'), h('th', { scope: 'col' }, 'Id'),
        readOnly ? null : h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, channels.map(row)))));
  }

  async function refresh() {
    const page = await api.get('/api/channels');
    channels = (page.channels || []).slice().sort((a, b) => a.name.localeCompare(b.name));
    keepingFocus(render);
  }

  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Channels'), createButton),
    h('p', { class: 'hint' }, 'Where alerts go. Secrets (webhook URLs, keys, tokens) are write-only: only their last four characters are ever shown.'),
    formSlot, message, list);
  return livePage('Channels', refresh, list, message, { clears: false });
}
