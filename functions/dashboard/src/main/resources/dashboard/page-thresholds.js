// The tenant's threshold overrides: for each check type, conditions that replace the type's defaults for
// every check of that type (GET/PUT /api/tenants/{id}/thresholds). A read-only key reads them only.
import { h, replace, errorBox } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { TYPES, conditionLines } from './page-checks.js';

export async function mount(root) {
  const readOnly = session.readOnly();
  const tenantId = session.who().tenantId;
  const path = `/api/tenants/${encodeURIComponent(tenantId)}/thresholds`;
  const problem = h('div', { 'aria-live': 'polite', id: 'thresholds-problem' });
  const boxes = Object.fromEntries(TYPES.map((type) => [type, h('textarea', { id: `thresholds-${type}`, rows: 2, spellcheck: 'false', readonly: readOnly })]));
  let etag = null;

  async function load() {
    const answer = await api.call('GET', path);
    etag = answer.etag;
    for (const type of TYPES) boxes[type].value = ((answer.body || {})[type] || []).join('\n');
  }

  const form = h('form', { class: 'card form form--wide', id: 'thresholds-form', novalidate: true },
    h('p', { class: 'hint' }, 'One condition a line, such as latencyMs < 800 or warn: certificateDays > 21. Each replaces the type\'s default condition on the same value; a check\'s own conditions still win. Leave a type empty for its defaults.'),
    TYPES.map((type) => [h('label', { for: `thresholds-${type}` }, type), boxes[type]]),
    problem,
    readOnly ? null : h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button', id: 'thresholds-submit' }, 'Save overrides')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const type of TYPES) {
      const lines = conditionLines(boxes[type].value);
      if (lines.length) body[type] = lines;
    }
    try {
      await api.put(path, body, { ifMatch: etag || undefined });
      await load();
      replace(problem, h('p', { class: 'hint', role: 'status' }, 'Saved.'));
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });

  // The boxes are shown once filled, so nothing typed is overwritten by the answer arriving.
  const heading = [h('p', {}, h('a', { href: '#/checks' }, '← Checks')), h('h1', {}, 'Threshold overrides'), h('p', {}, `Tenant ${tenantId}`)];
  replace(root, heading, h('p', { class: 'hint' }, 'Loading…'));
  try {
    await load();
  } catch (e) {
    replace(root, heading, errorBox(e.message));
    return { title: 'Threshold overrides' };
  }
  replace(root, heading, form);
  return { title: 'Threshold overrides' };
}
