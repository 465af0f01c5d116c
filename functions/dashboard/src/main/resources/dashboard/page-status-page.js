// One status page (#/status-pages/new to create one): slug, title, logo URL and its component groups, each
// component one of the tenant's applications or checks under a public display name; its public address;
// Save (If-Match its version) and Delete. A read-only key sees the page without the form.
import { h, replace, errorBox } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { loadComponents, componentLabel, refKey } from './status-components.js';
import { publicLink } from './page-status-pages.js';

/** One group's editor: its name, and per component of the tenant a checkbox and a public display name. */
function groupEditor(all, group, index, onRemove) {
  const shown = new Map((group ? group.components : []).map((c) => [refKey(c), c.displayName]));
  const name = h('input', { id: `group-${index}-name`, class: 'group-name', maxlength: 100, value: group ? group.name : 'Services' });
  const rows = all.map((c) => {
    const key = refKey(c);
    const picked = h('input', { type: 'checkbox', id: `group-${index}-${c.kind}-${c.id}`, 'data-component': key, checked: shown.has(key) });
    const displayName = h('input', { id: `group-${index}-${c.kind}-${c.id}-name`, 'data-display-name': key, maxlength: 100,
      placeholder: 'Public display name', 'aria-label': `Public display name of ${c.kind} ${c.name}`, value: shown.get(key) || '' });
    return { c, picked, displayName };
  });
  const element = h('fieldset', { class: 'form-part status-group', 'data-group': String(index) },
    h('legend', {}, `Group ${index + 1}`),
    h('label', { for: `group-${index}-name` }, 'Group name (public)'), name,
    all.length === 0 ? h('p', { class: 'hint' }, 'This tenant has no applications or checks to show yet.') : null,
    rows.map(({ c, picked, displayName }) => h('div', { class: 'component-row' },
      h('label', { class: 'check' }, picked, ` ${c.name} `, h('span', { class: 'hint' }, `(${c.kind})`)), displayName)),
    h('button', { type: 'button', class: 'button button--small button--quiet', onclick: onRemove }, 'Remove group'));
  return {
    element,
    value() {
      const components = rows.filter((r) => r.picked.checked).map((r) => {
        const displayName = r.displayName.value.trim();
        if (!displayName) throw new Error(`Give ${r.c.kind} ${r.c.name} a public display name.`);
        return { kind: r.c.kind, id: r.c.id, displayName };
      });
      return { name: name.value.trim(), components };
    },
  };
}

export async function mount(root, params) {
  const creating = params.id === 'new';
  const path = creating ? null : `/api/status-pages/${encodeURIComponent(params.id)}`;
  const readOnly = session.readOnly();
  const back = h('p', {}, h('a', { href: '#/status-pages' }, '← Status pages'));
  const message = h('div', { 'aria-live': 'polite' });
  let page = null;
  let etag = null;
  if (!creating) {
    try {
      const answer = await api.call('GET', path);
      page = answer.body;
      etag = answer.etag;
    } catch (e) {
      replace(root, back, errorBox(e.status === 404 ? 'There is no such status page (it may have been deleted).' : e.message));
      return { title: 'Status page' };
    }
  }
  const all = await loadComponents();
  const heading = h('h1', {}, creating ? 'New status page' : page.title);
  const address = creating ? null : h('p', { id: 'public-address' }, 'Public address: ', publicLink(page, { id: 'public-link' }));

  if (readOnly) {
    replace(root, back, heading, address, creating ? errorBox('A read-only key cannot create status pages.')
      : h('section', { class: 'card' }, page.groups.map((g) => [h('h2', {}, g.name), h('ul', { class: 'plain-list' },
        g.components.map((c) => h('li', {}, `${c.displayName} — ${componentLabel(all, c)}`)))])));
    return { title: creating ? 'New status page' : page.title };
  }

  const slug = h('input', { id: 'status-slug', required: true, maxlength: 64, spellcheck: 'false', value: page ? page.slug : '' });
  const title = h('input', { id: 'status-title', required: true, maxlength: 200, value: page ? page.title : '' });
  const logo = h('input', { id: 'status-logo', type: 'url', spellcheck: 'false', placeholder: 'https://…', value: page && page.logoUrl ? page.logoUrl : '' });
  const groupsSlot = h('div', { id: 'status-groups' });
  const problem = h('div', { 'aria-live': 'polite' });
  let editors = [];
  let count = 0;

  function addGroup(group) {
    const editor = groupEditor(all, group, count, () => {
      editors = editors.filter((e) => e !== editor);
      editor.element.remove();
    });
    count += 1;
    editors.push(editor);
    groupsSlot.appendChild(editor.element);
  }
  (page && page.groups.length > 0 ? page.groups : [null]).forEach(addGroup);

  const form = h('form', { class: 'card form form--wide', id: 'status-page-form', novalidate: true },
    h('label', { for: 'status-slug' }, "Slug (the public address /status/<slug>: a-z, 0-9, '-' and '_')"), slug,
    h('label', { for: 'status-title' }, 'Title'), title,
    h('label', { for: 'status-logo' }, 'Logo URL (https, optional)'), logo,
    h('p', { class: 'hint' }, 'Tick the applications and checks to show in each group and give each the name the public sees.'),
    groupsSlot,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button button--small', id: 'add-group', onclick: () => addGroup(null) },
      'Add group')),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: 'status-page-submit' }, creating ? 'Create status page' : 'Save'),
      creating ? null : h('button', { type: 'button', class: 'button button--danger', id: 'delete-status-page', onclick: remove }, 'Delete')));

  async function remove() {
    if (!window.confirm(`Delete the status page ${page.title}? Its public address stops working.`)) return;
    try {
      await api.del(path, { ifMatch: etag });
      window.location.hash = '/status-pages';
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body;
    try {
      body = { slug: slug.value.trim(), title: title.value.trim(), logoUrl: logo.value.trim() || null,
        groups: editors.map((e) => e.value()).filter((g) => g.components.length > 0) };
    } catch (e) {
      replace(problem, errorBox(e.message));
      return;
    }
    try {
      const answer = creating ? await api.post('/api/status-pages', body) : await api.put(path, body, { ifMatch: etag });
      if (creating) {
        window.location.hash = `/status-pages/${encodeURIComponent(answer.body.id)}`;
        return;
      }
      page = answer.body;
      etag = answer.etag;
      replace(heading, page.title);
      replace(address, 'Public address: ', publicLink(page, { id: 'public-link' }));
      replace(problem, h('p', { class: 'message message--ok', role: 'status', id: 'status-page-saved' }, 'Saved.'));
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });

  replace(root, back, heading, address, message, form);
  return { title: creating ? 'New status page' : page.title };
}
