// Times and statuses as people read them.

const UNITS = [
  ['day', 86400],
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];

/** A duration in seconds as "3 min", "2 h", "5 s". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  for (const [unit, size] of UNITS) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return unit === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${unit}`;
    }
  }
  return '0 s';
}

/** "3 min ago" for an ISO instant in the past, "never" for none. */
export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = (now - Date.parse(iso)) / 1000;
  return seconds < 5 ? 'just now' : `${duration(seconds)} ago`;
}

/** "in 3 min" for an ISO instant ahead, "3 min ago" past it, "—" for none. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '—';
  const seconds = (Date.parse(iso) - now) / 1000;
  return seconds >= 0 ? `in ${duration(seconds)}` : ago(iso, now);
}

/** The local date and time of an ISO instant, for titles and tables. */
export function stamp(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/**
 * What an application's list row and badge show: the API's state (new, up, late, down, paused); a miss that
 * Vigil's own ingest trouble may explain is unknown, not late or up (the API's "unknown" field, until the next beat).
 */
export function applicationState(app) {
  const state = app.state || (app.active ? app.status : 'paused');
  if (app.unknown && state !== 'down' && state !== 'paused') return 'unknown';
  return state;
}

/** An application's schedule as people read it: "cron 30 2 * * * (Europe/Paris)" or "every 5 min". */
export function schedule(app) {
  return app.cron ? `cron ${app.cron} (${app.timezone || 'UTC'})` : `every ${duration(app.intervalSeconds)}`;
}

/** A run's duration in milliseconds as "850 ms", "12.4 s", "3 min". */
export function runDuration(ms) {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return duration(ms / 1000);
}
