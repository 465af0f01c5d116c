// A tenant's ping key, the first segment of its slug heartbeat URLs (/heartbeat/{pingKey}/{slug}): shown like a
// secret (masked until Show), with a copy button, Rotate (a new key; the old one stops working at once) and Revoke.
import { h, replace, errorBox, copyButton } from './dom.js';
import * as api from './api.js';

/** The key masked as the API masks secrets: "****" and its last four characters. */
export function masked(key) {
  return `****${key.slice(-4)}`;
}

/**
 * The ping key's card for tenant id. current: the key, null when the tenant has none, undefined when this
 * key may not read it (only the operator's may; a tenant's admin key sees a new key once, when it rotates it).
 * changed() runs after a rotation or revocation.
 */
export function pingKeyCard(id, current, changed) {
  const path = `/api/tenants/${encodeURIComponent(id)}/ping-key`;
  const card = h('section', { class: 'card', id: 'ping-key' });
  const message = h('div', { 'aria-live': 'polite' });
  let key = current;
  let revealed = false;

  async function rotate() {
    if (key !== null && !window.confirm('Rotate the ping key? Slug URLs with the old key stop working at once.')) return;
    try {
      key = (await api.post(path)).body.pingKey;
      revealed = true;
      replace(message, h('p', { class: 'message message--ok', role: 'status' }, 'A new ping key: the old one no longer works.'));
      render();
      await changed();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  async function revoke() {
    if (!window.confirm('Revoke the ping key? Slug URLs stop working; beats by UUID are not affected.')) return;
    try {
      await api.del(path);
      key = null;
      replace(message, h('p', { class: 'message message--ok', role: 'status' }, 'The ping key is revoked.'));
      render();
      await changed();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function shown() {
    if (key === undefined) {
      return h('p', { class: 'hint', id: 'ping-key-hidden' }, 'Only the operator\'s key reads the current ping key back; '
        + 'rotating shows the new one here, once.');
    }
    if (key === null) {
      return h('p', { id: 'ping-key-none' }, 'No ping key: the tenant\'s applications beat by their UUID URLs only.');
    }
    const prefix = `${window.location.origin}/heartbeat/${key}/`;
    return [
      h('div', { class: 'copy-line' },
        h('code', { id: 'ping-key-value', 'data-revealed': String(revealed) }, revealed ? key : masked(key)),
        h('button', { type: 'button', class: 'button button--small', id: 'reveal-ping-key', 'aria-pressed': String(revealed),
          onclick: () => { revealed = !revealed; render(); } }, revealed ? 'Hide' : 'Show'),
        copyButton(key, 'Copy the ping key', { id: 'copy-ping-key' })),
      h('p', { class: 'hint' }, 'Slug URLs start with ', h('code', { class: 'wrap' }, revealed ? prefix : `${window.location.origin}/heartbeat/${masked(key)}/`),
        ' followed by the application\'s slug.'),
    ];
  }

  function render() {
    replace(card, h('h2', {}, 'Ping key'),
      h('p', { class: 'hint' }, 'Anyone who has it can beat every slug of the tenant: keep it as secret as the UUID URLs.'),
      shown(), message,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--small', id: 'rotate-ping-key', onclick: rotate },
          key === null ? 'Create ping key' : 'Rotate'),
        key === null ? null : h('button', { type: 'button', class: 'button button--small button--danger', id: 'revoke-ping-key',
          onclick: revoke }, 'Revoke')));
  }

  render();
  return {
    card,
    /** The key as the tenant now reads (the operator's refresh); a key only just rotated stays shown. */
    update(next) {
      if (next === undefined || next === key) return;
      key = next;
      revealed = false;
      render();
    },
  };
}
