// The application form, for registering one (every field filled in is sent) and for editing one (only the
// fields that changed are sent): name, schedule (a fixed interval, or cron with its time zone), grace,
// thresholds, runtime limits, manual resume, parent, slug, tags and maintenance windows. What the API
// refuses shows in the form in the API's own words.
import { h, replace, errorBox } from './dom.js';

/** An ISO instant as a datetime-local input's value, in the browser's time zone. */
export function localInput(iso) {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return '';
  const date = new Date(time);
  return new Date(time - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** A datetime-local input's value (browser's time zone) as an ISO instant; what was typed when it is none. */
export function isoInstant(value) {
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : value;
}

/** A number field's value: null when empty (the API then keeps or clears it), else the number. */
function numberOrNull(input) {
  return input.value.trim() === '' ? null : Number(input.value);
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** One maintenance window's row: one-off (start, end) or recurring (cron, time zone, minutes), with Remove. */
function windowRow(window, onChange) {
  const recurring = window.cron !== undefined;
  const fields = recurring
    ? [
      h('label', {}, 'Cron', h('input', { class: 'mw-cron', value: window.cron || '', placeholder: '0 3 * * SUN' })),
      h('label', {}, 'Time zone', h('input', { class: 'mw-timezone', value: window.timezone || '', placeholder: 'UTC' })),
      h('label', {}, 'Minutes', h('input', { class: 'mw-minutes', type: 'number', min: 1, max: 10080, value: window.durationMinutes ?? 60 })),
    ]
    : [
      h('label', {}, 'Start', h('input', { class: 'mw-start', type: 'datetime-local', value: localInput(window.start) })),
      h('label', {}, 'End', h('input', { class: 'mw-end', type: 'datetime-local', value: localInput(window.end) })),
    ];
  const row = h('div', { class: 'maintenance-row', 'data-kind': recurring ? 'recurring' : 'one-off' },
    h('span', { class: 'maintenance-row__kind' }, recurring ? 'Recurring' : 'One-off'), fields,
    h('button', { type: 'button', class: 'button button--small button--danger', 'data-action': 'remove-window',
      onclick: () => { row.remove(); onChange(); } }, 'Remove'));
  return row;
}

/** The windows the rows say, as the API takes them. */
function windowsOf(list) {
  return [...list.querySelectorAll('.maintenance-row')].map((row) => {
    if (row.dataset.kind === 'recurring') {
      const window = { cron: row.querySelector('.mw-cron').value.trim(), durationMinutes: Number(row.querySelector('.mw-minutes').value) };
      const timezone = row.querySelector('.mw-timezone').value.trim();
      if (timezone) window.timezone = timezone;
      return window;
    }
    return { start: isoInstant(row.querySelector('.mw-start').value), end: isoInstant(row.querySelector('.mw-end').value) };
  });
}

/**
 * The form. app: the application being edited, or null to register one; others: the tenant's other
 * applications (the parent choices); prefix: the fields' id prefix ('new', 'edit'); save(body) sends
 * the body (a promise); cancel() closes the form.
 */
export function applicationForm({ app, others, prefix, save, cancel }) {
  const editing = app !== null;
  const id = (name) => `${prefix}-${name}`;
  const field = (name, attributes) => h('input', { id: id(name), ...attributes });
  const name = field('name', { value: editing ? app.name : '', required: true, maxlength: 100 });
  const kindName = id('schedule-kind');
  const byInterval = field('kind-interval', { type: 'radio', name: kindName, value: 'interval', checked: !editing || !app.cron });
  const byCron = field('kind-cron', { type: 'radio', name: kindName, value: 'cron', checked: editing && Boolean(app.cron) });
  const interval = field('interval', { type: 'number', min: 60, value: editing ? app.intervalSeconds : 300 });
  const cron = field('cron', { value: editing ? app.cron || '' : '', placeholder: '30 2 * * *' });
  const timezone = field('timezone', { value: editing ? app.timezone || '' : '', placeholder: 'UTC or Europe/Paris' });
  const grace = field('grace', { type: 'number', min: 0, value: editing ? app.graceSeconds : 60 });
  const failures = field('failure-threshold', { type: 'number', min: 1, max: 100, value: editing ? app.failureThreshold : 1 });
  const recoveries = field('recovery-threshold', { type: 'number', min: 1, max: 100, value: editing ? app.recoveryThreshold : 1 });
  const minRuntime = field('min-runtime', { type: 'number', min: 0, value: editing ? app.minRuntimeSeconds ?? '' : '' });
  const maxRuntime = field('max-runtime', { type: 'number', min: 1, value: editing ? app.maxRuntimeSeconds ?? '' : '' });
  const manualResume = field('manual-resume', { type: 'checkbox', checked: editing && app.manualResume });
  const parent = h('select', { id: id('parent') }, h('option', { value: '' }, 'None'),
    others.map((other) => h('option', { value: other.id }, other.name)));
  parent.value = editing && app.parentId ? app.parentId : '';
  const slug = field('slug', { value: editing ? app.slug || '' : '', maxlength: 100, placeholder: editing ? '' : 'from the name' });
  const tags = field('tags', { value: editing ? (app.tags || []).join(', ') : '', placeholder: 'prod, team:payments' });
  let windowsChanged = false;
  const touched = () => { windowsChanged = true; };
  const windows = h('div', { class: 'maintenance-list', id: id('maintenance') },
    (editing ? app.maintenance || [] : []).map((window) => windowRow(window, touched)));
  windows.addEventListener('input', touched);
  const addWindow = (window) => { windows.append(windowRow(window, touched)); touched(); };
  const intervalPart = h('div', { class: 'form-part' }, h('label', { for: id('interval') }, 'Expected every (seconds)'), interval);
  const cronPart = h('div', { class: 'form-part' },
    h('label', { for: id('cron') }, 'Cron (minute hour day month weekday)'), cron,
    h('label', { for: id('timezone') }, 'Time zone (IANA)'), timezone);
  const showKind = () => {
    intervalPart.hidden = byCron.checked;
    cronPart.hidden = !byCron.checked;
  };
  byInterval.addEventListener('change', showKind);
  byCron.addEventListener('change', showKind);
  showKind();
  const problem = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card form form--wide', id: editing ? 'edit-form' : 'create-form', novalidate: true },
    h('h2', {}, editing ? 'Edit' : 'Register an application'),
    h('label', { for: id('name') }, 'Name'), name,
    h('fieldset', { class: 'choice' }, h('legend', {}, 'Schedule'),
      h('label', { class: 'check' }, byInterval, 'A fixed interval'),
      h('label', { class: 'check' }, byCron, 'A cron schedule')),
    intervalPart, cronPart,
    h('label', { for: id('grace') }, 'Grace (seconds)'), grace,
    h('label', { for: id('failure-threshold') }, 'Misses or failures in a row before it is down'), failures,
    h('label', { for: id('recovery-threshold') }, 'Successes in a row before it is up again'), recoveries,
    h('label', { for: id('min-runtime') }, 'Minimum runtime (seconds; empty for none)'), minRuntime,
    h('label', { for: id('max-runtime') }, 'Maximum runtime (seconds; empty for none)'), maxRuntime,
    h('label', { class: 'check' }, manualResume, 'Stay paused until resumed here (beats do not resume it)'),
    h('label', { for: id('parent') }, 'Parent (its outage silences this one\'s alerts)'), parent,
    h('label', { for: id('slug') }, 'Slug (for ping-key URLs)'), slug,
    h('label', { for: id('tags') }, 'Tags (separated by commas)'), tags,
    h('fieldset', { class: 'choice' }, h('legend', {}, 'Maintenance windows (no alerts while one is open)'), windows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--small', id: id('add-one-off'),
          onclick: () => addWindow({}) }, 'Add a one-off window'),
        h('button', { type: 'button', class: 'button button--small', id: id('add-recurring'),
          onclick: () => addWindow({ cron: '', durationMinutes: 60 }) }, 'Add a recurring window'))),
    problem,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button', id: editing ? 'edit-submit' : 'create-submit' }, editing ? 'Save' : 'Register'),
      h('button', { type: 'button', class: 'button button--quiet', onclick: cancel }, 'Cancel')));

  function wanted() {
    const tagList = tags.value.split(',').map((tag) => tag.trim()).filter(Boolean);
    const values = {
      name: name.value.trim(),
      graceSeconds: numberOrNull(grace),
      failureThreshold: numberOrNull(failures),
      recoveryThreshold: numberOrNull(recoveries),
      minRuntimeSeconds: numberOrNull(minRuntime),
      maxRuntimeSeconds: numberOrNull(maxRuntime),
      manualResume: manualResume.checked,
      parentId: parent.value || null,
      slug: slug.value.trim() || null,
      tags: tagList,
    };
    if (byCron.checked) {
      values.cron = cron.value.trim();
      values.timezone = timezone.value.trim() || null;
    } else {
      values.cron = null;
      values.intervalSeconds = numberOrNull(interval);
    }
    return values;
  }

  /** Registering: whatever was filled in. Editing: only what differs from the application. */
  function body() {
    const values = wanted();
    const result = {};
    for (const [key, value] of Object.entries(values)) {
      if (editing) {
        if (key === 'timezone' && value === null) continue;
        if (!same(value, app[key])) result[key] = value;
      } else if (value !== null && value !== false && !(Array.isArray(value) && value.length === 0)) {
        result[key] = value;
      }
    }
    if (editing && 'slug' in result && result.slug === null) delete result.slug;
    if (!editing && result.intervalSeconds === undefined && !values.cron) result.intervalSeconds = null;
    if (windowsChanged) result.maintenance = windowsOf(windows);
    return result;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const changes = body();
    if (editing && Object.keys(changes).length === 0) {
      replace(problem, h('p', { class: 'message message--ok' }, 'Nothing changed.'));
      return;
    }
    try {
      await save(changes);
    } catch (e) {
      replace(problem, errorBox(e.message));
    }
  });
  return form;
}
