// Uptime figures and heartbeat bars. The figures (24 h, 30 d, 1 y) and the bars of buckets (hours on the list
// rows, days on the detail pages) come from the uptime API, which reads rollups, never raw history; the bars
// of recent beats and results come from what the detail pages already fetch. Every bar is a row of segments,
// oldest on the left, each coloured by a class (never by colour alone: the bar has a label that counts them,
// each segment a title that says what it holds).
import { h, replace, errorBox } from './dom.js';
import * as api from './api.js';
import { duration, stamp, runDuration } from './format.js';
import { latency } from './check-format.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** How many beats or results the detail pages' bars show. */
export const RECENT = 50;

/** An uptime ratio as "99.95 %" (cut, never rounded up to 100 %), "100 %", or "—" when nothing was monitored. */
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  if (ratio >= 1) return '100 %';
  return `${(Math.floor(ratio * 10000) / 100).toFixed(2)} %`;
}

/** A bucket's level: up (100 %), partial (some down time), down (up half the time or less), none (not monitored). */
export function bucketLevel(ratio) {
  if (ratio === null || ratio === undefined) return 'none';
  if (ratio >= 1) return 'up';
  if (ratio <= 0.5) return 'down';
  return 'partial';
}

const LEVEL_WORDS = { up: 'up', partial: 'partly down', down: 'mostly down', none: 'no data' };

/** The last 24 hours as whole UTC hours, the current one last: the from, to and step of the API's series. */
export function hourlyWindow(now = Date.now()) {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  return { from: new Date(end - 24 * HOUR).toISOString(), to: new Date(end).toISOString(), step: 'PT1H' };
}

/** The last 30 days as whole UTC days, today last. */
export function dailyWindow(now = Date.now()) {
  const end = Math.floor(now / DAY) * DAY + DAY;
  return { from: new Date(end - 30 * DAY).toISOString(), to: new Date(end).toISOString(), step: 'P1D' };
}

/** The uptime API's path for a subject ('applications' or 'checks'), with a series window when given. */
export function uptimePath(kind, id, window = null) {
  const path = `/api/${kind}/${encodeURIComponent(id)}/uptime`;
  if (!window) return path;
  return `${path}?from=${encodeURIComponent(window.from)}&to=${encodeURIComponent(window.to)}&step=${window.step}`;
}

/** What a figure or a point holds, in words: "3 min down in 10 h monitored; 2 h paused (not counted)". */
export function figureWords(figure) {
  if (!figure || figure.uptime === null || figure.uptime === undefined) return 'nothing monitored';
  const parts = [`${figure.downtimeMinutes} min down in ${duration(figure.monitoredSeconds)} monitored`];
  if (figure.pausedSeconds) parts.push(`${duration(figure.pausedSeconds)} paused (not counted)`);
  if (figure.maintenanceSeconds) parts.push(`${duration(figure.maintenanceSeconds)} in maintenance (not counted)`);
  if (figure.results) {
    parts.push(`${figure.results} result${figure.results === 1 ? '' : 's'}`
      + (figure.avgLatencyMs !== null && figure.avgLatencyMs !== undefined ? `, ${latency(figure.avgLatencyMs)} on average` : ''));
  }
  return parts.join('; ');
}

/** One figure as text with its words as title, for a table cell or a fact. */
export function figure(body, name) {
  const f = body ? body[name] : null;
  return h('span', { class: 'uptime-figure', 'data-window': name, 'data-uptime': f && f.uptime !== null ? f.uptime : null,
    title: f ? figureWords(f) : null }, percent(f ? f.uptime : null));
}

const WINDOW_NAMES = [['24h', '24 hours'], ['30d', '30 days'], ['1y', '1 year']];

/** The standing figures (GET …/uptime) as a row of tiles: 24 hours, 30 days, 1 year. */
export function uptimeFigures(body, id) {
  return h('div', { class: 'uptime-figures', id }, WINDOW_NAMES.map(([name, label]) => h('div', { class: 'tile' },
    h('span', { class: 'tile__value' }, figure(body, name)), h('span', { class: 'tile__label' }, `uptime, last ${label}`))));
}

/** A bar of segments ({level, title, start?}), oldest first, labelled with its counts by level. */
function bar(id, label, segments, words, compact) {
  const counts = new Map();
  for (const segment of segments) counts.set(segment.level, (counts.get(segment.level) || 0) + 1);
  const summary = [...counts].map(([level, n]) => `${n} ${words[level] || level}`).join(', ');
  return h('div', { class: `beat-bar${compact ? ' beat-bar--compact' : ''}`, id, role: 'img',
    'aria-label': segments.length ? `${label}, oldest first: ${summary}` : `${label}: nothing yet`,
    'data-segments': segments.length },
  segments.map((segment) => h('span', { class: `beat-bar__seg beat-bar__seg--${segment.level}`, 'data-level': segment.level,
    'data-start': segment.start || null, title: segment.title })));
}

/** A series (GET …/uptime?from&to&step) as a bar of its buckets, each coloured by its uptime. */
export function seriesBar(series, { id = null, label, compact = false }) {
  const points = (series && series.points) || [];
  return bar(id, label, points.map((point) => ({
    level: bucketLevel(point.uptime),
    start: point.from,
    title: `${stamp(point.from)} – ${stamp(point.to)}: ${point.uptime === null ? 'no data' : `${percent(point.uptime)} up`}`
      + (point.uptime === null ? '' : ` (${figureWords(point)})`),
  })), LEVEL_WORDS, compact);
}

/** Whether a beat is a job's arrival (a success or a failure), not a start or a log line. */
function arrival(beat) {
  return !beat.signal || beat.signal === 'success' || beat.signal === 'fail';
}

/**
 * The application's recent beats (newest first, as the API lists them) as segments, oldest first: success,
 * fail, start or log; an arrival that came later than its interval plus grace after the arrival before it is
 * late (for an interval schedule only: a cron schedule's gaps vary by design).
 */
export function beatSegments(beats, app) {
  const oldestFirst = [...beats].reverse();
  const limit = app && !app.cron && Number.isFinite(app.intervalSeconds) ? app.intervalSeconds + (app.graceSeconds || 0) : null;
  let previous = null;
  const segments = oldestFirst.map((beat) => {
    const signal = beat.signal || 'success';
    const at = Date.parse(beat.receivedAt);
    let level = signal;
    let lateBy = null;
    if (arrival(beat)) {
      if (limit !== null && previous !== null && (at - previous) / 1000 > limit) {
        lateBy = (at - previous) / 1000;
        if (signal === 'success') level = 'late';
      }
      previous = at;
    }
    const facts = [stamp(beat.receivedAt), signal];
    if (lateBy !== null) facts.push(`late: ${duration(lateBy)} after the beat before`);
    if (beat.durationMs !== null && beat.durationMs !== undefined) facts.push(`ran ${runDuration(beat.durationMs)}`);
    if (beat.exitCode !== null && beat.exitCode !== undefined) facts.push(`exit code ${beat.exitCode}`);
    if (beat.msg) facts.push(beat.msg);
    return { level, start: beat.receivedAt, title: facts.join(' · ') };
  });
  return segments.slice(-RECENT);
}

/** The recent beats bar of an application. */
export function beatBar(beats, app, id) {
  return bar(id, 'Recent beats', beatSegments(beats, app), { success: 'success', fail: 'fail', start: 'start', log: 'log', late: 'late' });
}

/** The recent results bar of a check (results newest first, as the API lists them). */
export function resultBar(results, id) {
  const segments = [...results].slice(0, RECENT).reverse().map((result) => ({
    level: result.status || 'unknown',
    start: result.at,
    title: [stamp(result.at), result.status, latency(result.latencyMs), result.reason].filter(Boolean).join(' · '),
  }));
  return bar(id, 'Recent results', segments, {});
}

/**
 * The uptime card of a detail page (kind 'applications' or 'checks'): the figures, the bar of recent beats or
 * results (showRecent(bar), on every refresh, from what the page fetched anyway) and the last 30 days by the day.
 * refresh() asks for the figures and the days once they are freshMs old, so the page's live refresh every few
 * seconds does not read the rollups each time; a failure shows in the card, not in place of the page.
 */
export function uptimeCard(kind, id, { prefix, recentTitle, recentHint, dailyHint, freshMs = 60000 }) {
  const figures = h('div');
  const recent = h('div');
  const days = h('div');
  let readAt = 0;
  return {
    element: h('section', { class: 'card', id: 'uptime' }, h('h2', {}, 'Uptime'), figures,
      h('h3', { class: 'bar-title' }, recentTitle), recent, h('p', { class: 'hint' }, recentHint), days),
    showRecent(bar) {
      replace(recent, bar);
    },
    async refresh() {
      if (Date.now() - readAt < freshMs) return;
      let standing;
      let daily;
      try {
        [standing, daily] = await Promise.all([api.get(uptimePath(kind, id)), api.get(uptimePath(kind, id, dailyWindow()))]);
      } catch (e) {
        replace(days, errorBox(`The uptime could not be read: ${e.message}`));
        return;
      }
      readAt = Date.now();
      replace(figures, uptimeFigures(standing, `${prefix}-uptime`));
      replace(days, h('h3', { class: 'bar-title' }, 'Last 30 days'),
        seriesBar(daily, { id: `${prefix}-daily-bar`, label: 'Uptime by day, last 30 days' }),
        h('p', { class: 'hint' }, `Each segment is a UTC day: green all up, amber partly down, red up half the day or less, grey not monitored. ${dailyHint}`));
    },
  };
}

/**
 * The uptime of list rows, fetched for the rows on screen only, at most `concurrency` subjects at a time, and
 * kept for `freshMs` (the page's live refresh re-renders the rows every few seconds without asking again). A
 * subject costs two requests: its standing figures and its last 24 hours in hours. cells(id) makes a row's
 * cells (24 h, 30 d, the bar), filled from what is kept or when the answer comes; watch(row) asks for the row's
 * subject once it is on screen; reset() forgets the rows of the last render; dispose() stops watching.
 */
export function uptimeLoader(kind, { concurrency = 4, freshMs = 60000 } = {}) {
  const kept = new Map();
  const rows = new Map();
  const queue = [];
  const queued = new Set();
  let running = 0;
  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) want(entry.target.dataset.id);
      }
    }, { rootMargin: '100px' })
    : null;

  function fresh(id) {
    const entry = kept.get(id);
    return entry && Date.now() - entry.at < freshMs;
  }

  function want(id) {
    if (!id || fresh(id) || queued.has(id)) return;
    queued.add(id);
    queue.push(id);
    pump();
  }

  function pump() {
    while (running < concurrency && queue.length > 0) {
      const id = queue.shift();
      running += 1;
      load(id).finally(() => {
        running -= 1;
        queued.delete(id);
        pump();
      });
    }
  }

  async function load(id) {
    let entry;
    try {
      const standing = await api.get(uptimePath(kind, id));
      const series = await api.get(uptimePath(kind, id, hourlyWindow()));
      entry = { at: Date.now(), standing, series };
    } catch (e) {
      entry = { at: Date.now(), error: e.message };
    }
    kept.set(id, entry);
    const cells = rows.get(id);
    if (cells) fill(cells, entry);
  }

  function fill(cells, entry) {
    if (entry.error) {
      for (const cell of cells) replace(cell, h('span', { class: 'hint', title: entry.error }, '—'));
      return;
    }
    replace(cells[0], figure(entry.standing, '24h'));
    replace(cells[1], figure(entry.standing, '30d'));
    replace(cells[2], seriesBar(entry.series, { label: 'Uptime by hour, last 24 hours', compact: true }));
  }

  return {
    cells(id) {
      const cells = [h('td', { class: 'uptime', 'data-uptime-window': '24h' }, h('span', { class: 'hint' }, '…')),
        h('td', { class: 'uptime', 'data-uptime-window': '30d' }, h('span', { class: 'hint' }, '…')),
        h('td', { class: 'uptime uptime--bar' })];
      rows.set(id, cells);
      if (kept.has(id)) fill(cells, kept.get(id));
      return cells;
    },
    watch(row) {
      if (observer) observer.observe(row);
      else want(row.dataset.id);
    },
    reset() {
      rows.clear();
      if (observer) observer.disconnect();
    },
    dispose() {
      rows.clear();
      queue.length = 0;
      if (observer) observer.disconnect();
    },
  };
}
