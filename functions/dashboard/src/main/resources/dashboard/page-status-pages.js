// Status pages: the tenant's public pages (title, public address, how many components), each opening its
// own page to edit; New status page for an admin key (hidden from a read-only key, which the API refuses anyway).
import { h, replace, emptyState, keepingFocus, livePage } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { ago, stamp } from './format.js';

/** The public address of a page, as a link that opens it in a new tab. */
export function publicLink(page, attributes = {}) {
  const path = page.publicPath || `/status/${page.slug}`;
  return h('a', { href: path, target: '_blank', rel: 'noopener', ...attributes }, path);
}

export async function mount(root) {
  const readOnly = session.readOnly();
  const message = h('div', { 'aria-live': 'polite' });
  const list = h('div', { id: 'status-pages' });

  function render(pages) {
    if (pages.length === 0) {
      replace(list, emptyState('No status pages yet.', readOnly
        ? h('p', {}, 'Ask someone with an admin key to publish one.')
        : h('p', {}, 'Publish a page at /status/<slug> that shows chosen applications and checks under public names, '
          + 'with your incidents and maintenance notices.')));
      return;
    }
    replace(list, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'status-pages-table' },
      h('caption', { class: 'visually-hidden' }, 'Status pages'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Public address'),
        h('th', { scope: 'col' }, 'Components'), h('th', { scope: 'col' }, 'Created'))),
      h('tbody', {}, pages.map((page) => h('tr', { 'data-id': page.id, 'data-slug': page.slug },
        h('td', {}, h('a', { href: `#/status-pages/${encodeURIComponent(page.id)}`, 'data-focus': `${page.id}:open` }, page.title)),
        h('td', {}, publicLink(page)),
        h('td', {}, String(page.groups.reduce((n, g) => n + g.components.length, 0))),
        h('td', { title: stamp(page.createdAt) }, ago(page.createdAt))))))));
  }

  async function refresh() {
    const answer = await api.get('/api/status-pages');
    const pages = (answer.statusPages || []).slice().sort((a, b) => a.title.localeCompare(b.title));
    keepingFocus(() => render(pages));
  }

  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Status pages'),
      readOnly ? null : h('a', { class: 'button', id: 'new-status-page', href: '#/status-pages/new' }, 'New status page')),
    h('p', { class: 'hint' }, 'Public pages, served without a key: only the display names you choose appear on them, '
      + 'never internal names, ids or ping URLs.'),
    message, list);
  return livePage('Status pages', refresh, list, message);
}
