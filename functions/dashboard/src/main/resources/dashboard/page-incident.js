// One incident: its status, affected components and timeline of updates (newest first), and for an admin
// key the form that posts an update, offering only the statuses it may move forward to; what the API
// refuses (a stale version, a move backwards) shows above the form. Edit changes its title and affected
// components; Delete removes it from the status pages.
import { h, replace, errorBox, keepingFocus } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';
import { incidentBadge, forwardStatuses, loadComponents, componentLabel, componentPicker } from './status-components.js';

export async function mount(root, params) {
  const path = `/api/incidents/${encodeURIComponent(params.id)}`;
  const readOnly = session.readOnly();
  const back = h('p', {}, h('a', { href: '#/incidents' }, '← Incidents'));
  const heading = h('h1', {});
  const message = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', id: 'incident-summary' });
  const editSlot = h('div');
  const updateSlot = h('div');
  const timeline = h('section', { class: 'card', id: 'incident-timeline' });
  let incident = null;
  let etag = null;
  let all = [];

  function updateForm() {
    const options = forwardStatuses(incident.status);
    if (readOnly) return null;
    if (options.length === 0) {
      return h('p', { class: 'hint', id: 'incident-closed' }, 'This incident is resolved: open a new one if the trouble returns.');
    }
    const status = h('select', { id: 'update-status' }, options.map((s) => h('option', { value: s, selected: s === options[Math.min(1, options.length - 1)] }, s)));
    const text = h('textarea', { id: 'update-message', rows: 3, required: true, maxlength: 4000 });
    const form = h('form', { class: 'card form form--wide', id: 'update-form', novalidate: true },
      h('h2', {}, 'Post an update'),
      h('label', { for: 'update-status' }, 'Status'), status,
      h('label', { for: 'update-message' }, 'Update (public)'), text,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button', id: 'update-submit' }, 'Post update')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.post(`${path}/updates`, { status: status.value, message: text.value.trim() }, { ifMatch: etag });
        replace(message);
        await refresh(true);
      } catch (e) {
        replace(message, errorBox(e.status === 412
          ? 'Someone updated this incident meanwhile; it is shown again as it now is. Post your update again.' : e.message));
        await refresh(true).catch(() => {});
      }
    });
    return form;
  }

  function editForm() {
    const title = h('input', { id: 'edit-title', required: true, maxlength: 200, value: incident.title });
    const picker = componentPicker(all, incident.affected, 'edit');
    const form = h('form', { class: 'card form form--wide', id: 'edit-form', novalidate: true },
      h('h2', {}, 'Edit the incident'),
      h('label', { for: 'edit-title' }, 'Title (public)'), title,
      picker.element,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'button', id: 'edit-submit' }, 'Save'),
        h('button', { type: 'button', class: 'button button--quiet', onclick: () => replace(editSlot) }, 'Cancel')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await api.put(path, { title: title.value.trim(), affected: picker.value() }, { ifMatch: etag });
        replace(message);
        replace(editSlot);
        await refresh(true);
      } catch (e) {
        if (e.status === 412) {
          replace(message, errorBox('Someone changed this incident meanwhile; it is shown again as it now is. Make your edit again.'));
          replace(editSlot);
          await refresh(true).catch(() => {});
        } else {
          replace(message, errorBox(e.message));
        }
      }
    });
    return form;
  }

  function edit() {
    if (!editSlot.firstChild) replace(editSlot, editForm());
    editSlot.querySelector('#edit-title').focus();
  }

  async function remove() {
    if (!window.confirm(`Delete the incident ${incident.title}? It disappears from the status pages and their history.`)) return;
    try {
      await api.del(path, { ifMatch: etag });
      window.location.hash = '/incidents';
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  }

  function render(withForm) {
    replace(heading, h('span', { id: 'incident-title-heading' }, incident.title), ' ', incidentBadge(incident.status));
    replace(summary, h('dl', { class: 'facts' },
      h('dt', {}, 'Affects'), h('dd', { id: 'incident-affected' },
        incident.affected.length === 0 ? 'no component' : incident.affected.map((ref) => componentLabel(all, ref)).join(', ')),
      h('dt', {}, 'Opened'), h('dd', { title: stamp(incident.createdAt) }, `${ago(incident.createdAt)} (${stamp(incident.createdAt)})`),
      h('dt', {}, 'Resolved'), h('dd', {}, incident.resolvedAt ? `${ago(incident.resolvedAt)} (${stamp(incident.resolvedAt)})` : 'not yet'),
      h('dt', {}, 'Id'), h('dd', { class: 'hint' }, incident.id)),
    readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button', id: 'edit-incident', onclick: edit }, 'Edit'),
      h('button', { type: 'button', class: 'button button--danger', id: 'delete-incident', onclick: remove }, 'Delete')));
    replace(timeline, h('h2', {}, 'Updates'), h('ol', { class: 'timeline', id: 'incident-updates' },
      incident.updates.slice().reverse().map((u) => h('li', { class: 'timeline__entry', 'data-status': u.status },
        incidentBadge(u.status), ' ', h('span', { class: 'update-message' }, u.message),
        h('span', { class: 'hint', title: stamp(u.at) }, ` ${ago(u.at)} (${stamp(u.at)})`)))));
    // The form is rebuilt only after a post or on the first load, so the live refresh never wipes what is being typed.
    if (withForm) replace(updateSlot, updateForm());
  }

  async function refresh(withForm) {
    const answer = await api.call('GET', path);
    const moved = !incident || answer.body.status !== incident.status;
    incident = answer.body;
    etag = answer.etag;
    keepingFocus(() => render(withForm || moved));
  }

  replace(root, back, heading, message, summary, editSlot, updateSlot, timeline);
  try {
    all = await loadComponents();
    await refresh(true);
  } catch (e) {
    replace(root, back, errorBox(e.status === 404 ? 'There is no such incident (it may have been deleted).' : e.message));
    return { title: 'Incident' };
  }
  return {
    title: `Incident: ${incident.title}`,
    refresh: async () => {
      try {
        await refresh(false);
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}
