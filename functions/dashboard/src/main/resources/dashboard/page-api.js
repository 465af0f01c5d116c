// The API reference, rendered from the API's own OpenAPI document (GET /api/openapi.json): the
// operations grouped by tag, each with its method, path, summary, parameters and response codes.
import { h, replace, errorBox, emptyState } from './dom.js';
import * as api from './api.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Follows a local "$ref" (#/components/...) once. */
function resolve(spec, node) {
  if (!node || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  return node.$ref.slice(2).split('/').reduce((at, part) => (at ? at[part] : undefined), spec) || node;
}

/** The spec's operations, grouped by their first tag in the spec's tag order. */
export function operationsByTag(spec) {
  const groups = new Map((spec.tags || []).map((tag) => [tag.name, []]));
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = (operation.tags && operation.tags[0]) || 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      const parameters = [...(item.parameters || []), ...(operation.parameters || [])].map((p) => resolve(spec, p));
      const responses = Object.entries(operation.responses || {}).map(([code, r]) => [code, resolve(spec, r)]);
      groups.get(tag).push({ method: method.toUpperCase(), path, operation, parameters, responses });
    }
  }
  return [...groups.entries()].filter(([, operations]) => operations.length > 0);
}

function operationCard(spec, { method, path, operation, parameters, responses }) {
  const body = operation.requestBody ? resolve(spec, operation.requestBody) : null;
  return h('details', { class: 'card operation', 'data-operation': `${method} ${path}` },
    h('summary', {},
      h('span', { class: `method method--${method.toLowerCase()}` }, method), ' ',
      h('code', { class: 'operation__path' }, path), ' ',
      h('span', { class: 'operation__summary' }, operation.summary || '')),
    operation.description ? h('p', {}, operation.description) : null,
    parameters.length === 0 ? null : h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', {}, 'Parameters'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'In'),
        h('th', { scope: 'col' }, 'Required'), h('th', { scope: 'col' }, 'Description'))),
      h('tbody', {}, parameters.map((p) => h('tr', {},
        h('td', {}, h('code', {}, p.name || '')), h('td', {}, p.in || ''),
        h('td', {}, p.required ? 'yes' : 'no'), h('td', {}, p.description || '')))))),
    body ? h('p', {}, `Request body: JSON${body.required ? ' (required)' : ''}.`) : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', {}, 'Responses'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Meaning'))),
      h('tbody', {}, responses.map(([code, r]) => h('tr', { 'data-status-code': code },
        h('td', {}, h('code', {}, code)), h('td', {}, (r && r.description) || '')))))));
}

export async function mount(root) {
  const spec = await api.get('/api/openapi.json');
  const search = h('input', { type: 'search', id: 'api-search', placeholder: 'Filter by path or summary',
    'aria-label': 'Filter operations' });
  const list = h('div', { id: 'operations' });
  const groups = operationsByTag(spec);

  function render() {
    const query = search.value.trim().toLowerCase();
    const shown = groups.map(([tag, operations]) => [tag, operations.filter((o) => !query
      || `${o.method} ${o.path} ${o.operation.summary || ''}`.toLowerCase().includes(query))])
      .filter(([, operations]) => operations.length > 0);
    if (shown.length === 0) {
      replace(list, emptyState('No operation matches.', h('p', {}, 'Clear the filter to see every route.')));
      return;
    }
    replace(list, shown.map(([tag, operations]) => h('section', { class: 'api-tag', 'data-tag': tag },
      h('h2', {}, tag), operations.map((o) => operationCard(spec, o)))));
  }

  search.addEventListener('input', render);
  const info = spec.info || {};
  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'API reference'),
      h('a', { class: 'button button--quiet', href: '/api/openapi.json', id: 'openapi-link' }, 'OpenAPI document (JSON)')),
    h('p', { class: 'hint' }, `${info.title || 'Vigil API'} ${info.version || ''}. Every call but the heartbeat and `
      + '/system/health takes an API key as "Authorization: Bearer <key>"; the operator\'s key picks a tenant with X-Vigil-Tenant.'),
    h('div', { class: 'toolbar' }, search),
    list);
  render();
  return { title: 'API reference' };
}
