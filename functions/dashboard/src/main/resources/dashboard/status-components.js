// What status pages, incidents and maintenance notices name: the tenant's applications and checks
// ({kind, id}), listed with their internal names for the forms, and the incident statuses in order.
import { h } from './dom.js';
import { listApplications } from './page-applications.js';
import { listChecks } from './page-checks.js';

/** Incident statuses in the only order an incident moves through them. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];

const STATUS_BADGES = { investigating: 'badge--down', identified: 'badge--late', monitoring: 'badge--new', resolved: 'badge--up' };

export function incidentBadge(status) {
  return h('span', { class: `badge ${STATUS_BADGES[status] || 'badge--unknown'}`, 'data-status': status }, status);
}

/** The statuses an update may move an incident in status to: itself and those after it; none once resolved. */
export function forwardStatuses(status) {
  if (status === 'resolved') return [];
  return INCIDENT_STATUSES.slice(Math.max(0, INCIDENT_STATUSES.indexOf(status)));
}

/** Every application and check of the tenant as {kind, id, name}, applications first, each by name. */
export async function loadComponents() {
  const [applications, checks] = await Promise.all([listApplications(), listChecks()]);
  const byName = (a, b) => a.name.localeCompare(b.name);
  return [
    ...applications.map((a) => ({ kind: 'application', id: a.id, name: a.name })).sort(byName),
    ...checks.map((c) => ({ kind: 'check', id: c.id, name: c.name })).sort(byName),
  ];
}

export const refKey = (ref) => `${ref.kind}:${ref.id}`;

/** A component's name as the dashboard shows it ("application billing"), or its id once it is gone. */
export function componentLabel(all, ref) {
  const found = all.find((c) => c.kind === ref.kind && c.id === ref.id);
  return found ? `${ref.kind} ${found.name}` : `${ref.kind} ${ref.id} (deleted)`;
}

/**
 * Checkboxes for choosing affected components; selected is a list of refs. Returns {element, value()},
 * value() giving the chosen refs as the API takes them ({kind, id}).
 */
export function componentPicker(all, selected, idPrefix) {
  const chosen = new Set((selected || []).map(refKey));
  const boxes = all.map((c) => {
    const input = h('input', { type: 'checkbox', id: `${idPrefix}-${c.kind}-${c.id}`, 'data-component': refKey(c),
      checked: chosen.has(refKey(c)) });
    return { c, input };
  });
  const element = h('fieldset', { class: 'form-part', id: `${idPrefix}-components` },
    h('legend', {}, 'Affected components'),
    all.length === 0 ? h('p', { class: 'hint' }, 'This tenant has no applications or checks yet.') : null,
    boxes.map(({ c, input }) => h('label', { class: 'check' }, input, ` ${c.name} `, h('span', { class: 'hint' }, `(${c.kind})`))));
  return { element, value: () => boxes.filter(({ input }) => input.checked).map(({ c }) => ({ kind: c.kind, id: c.id })) };
}

/** The value of a datetime-local input (the user's local time) as a UTC ISO instant; null when empty or invalid. */
export function localToIso(value) {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** A UTC ISO instant as a datetime-local input's value, in the user's local time. */
export function isoToLocal(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
