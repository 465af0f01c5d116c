// How the checks and health pages show a check's status: a badge with the word (never colour alone),
// and a tenant's name or id.
import { h } from './dom.js';

export const STATUSES = ['healthy', 'degraded', 'unhealthy', 'unknown'];

/** A status badge: healthy, degraded, unhealthy, unknown, new, disabled or stale. */
export function checkBadge(status) {
  const shown = status || 'unknown';
  return h('span', { class: `badge badge--${shown}`, 'data-status': shown }, shown);
}

/** What a check's row shows: disabled wins, then its confirmed status (new before its first run). */
export function checkState(check) {
  if (check.enabled === false) return 'disabled';
  return check.status || 'new';
}

/** "212 ms", or "—" when nothing was measured. */
export function latency(ms) {
  return ms === null || ms === undefined ? '—' : `${Math.round(ms)} ms`;
}
