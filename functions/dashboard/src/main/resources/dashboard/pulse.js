// The pulse indicator in the header: Vigil's own health (GET /system/health, public), polled every 30 s.
// Green and slowly pulsing when alive, yellow on a warning (or while ingest is degraded), red on an error, grey when unknown.
import { ago, relative } from './format.js';

export const POLL_MS = 30000;
const STATES = ['alive', 'warning', 'error', 'unknown'];

/** The tooltip: the overall pulse, then per component its last pulse, tasks run and next expected. */
export function describe(health) {
  const lines = [`Vigil's pulse: ${health.pulse}`];
  for (const [name, component] of Object.entries(health.components || {})) {
    const parts = [`${name}: ${component.pulse}`];
    if (component.lastPulse) parts.push(`last pulse ${ago(component.lastPulse)}`);
    if (component.counts && component.counts.tasksRun !== undefined) parts.push(`tasks run ${component.counts.tasksRun}`);
    if (component.nextExpected) parts.push(`next expected ${relative(component.nextExpected)}`);
    lines.push(parts.join(', '));
  }
  if (health.ingest && health.ingest.status === 'degraded') {
    lines.push(`ingest: degraded since ${ago(health.ingest.since)} (${health.ingest.reason}): misses are unknown, not down`);
  }
  return lines.join('\n');
}

/** The indicator's state: the pulse, shown as a warning while ingest is degraded and every component is alive. */
export function indicatorState(health) {
  const state = STATES.includes(health.pulse) ? health.pulse : 'unknown';
  return state === 'alive' && health.ingest && health.ingest.status === 'degraded' ? 'warning' : state;
}

export function startPulse(element, label) {
  async function poll() {
    let state = 'unknown';
    let title = "Vigil's pulse: could not be read";
    try {
      const response = await fetch('/system/health', { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) {
        const health = await response.json();
        state = indicatorState(health);
        title = describe(health);
      }
    } catch (e) {
      // Unreachable: shown as unknown.
    }
    for (const s of STATES) element.classList.toggle(`pulse--${s}`, s === state);
    element.dataset.state = state;
    element.title = title;
    element.setAttribute('aria-label', title);
    label.textContent = state;
  }
  poll();
  return window.setInterval(poll, POLL_MS);
}
