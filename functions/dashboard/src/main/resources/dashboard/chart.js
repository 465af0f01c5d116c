// Time charts (uPlot), redrawn in place on every refresh: the beat-history chart here, when each beat came (x)
// and how long after the one before it (y), against the expected interval and the point past which a beat is
// late (interval + grace); the latency chart (latency-chart.js) draws with the same timeChart.
import uPlot from './uplot.js';
import { h } from './dom.js';

/** Whether a beat is a job's arrival (a success or a failure), not a start or a log line. */
function arrival(beat) {
  return !beat.signal || beat.signal === 'success' || beat.signal === 'fail';
}

/**
 * Arrivals (successes and failures; any order, {receivedAt}) as the times of the 2nd..nth and the seconds since
 * the one before; starts and log lines are no arrivals.
 */
export function beatGaps(beats) {
  const times = beats.filter(arrival).map((beat) => Date.parse(beat.receivedAt) / 1000).filter(Number.isFinite).sort((a, b) => a - b);
  const x = [];
  const gaps = [];
  for (let i = 1; i < times.length; i += 1) {
    x.push(times[i]);
    gaps.push(times[i] - times[i - 1]);
  }
  return { x, gaps };
}

/** The value of a CSS custom property of the page (its theme), read when a chart is drawn. */
export function colour(variable) {
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || '#888';
}

const HEIGHT = 220;

function options(width, axis, series) {
  const base = { stroke: colour('--muted'), grid: { stroke: colour('--border'), width: 1 }, ticks: { stroke: colour('--border') } };
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.15] } },
    axes: [base, { ...base, ...axis }],
    series: [{}, ...series()],
  };
}

/**
 * A time chart in container (uPlot), redrawn in place by draw(data) on every refresh of the page; until
 * data has minPoints points (2 unless given) it shows note instead. axis is the y axis ({label, size}); series() the lines after
 * the x column, called when the chart is drawn so they take the theme's colours.
 */
export function timeChart(container, { note, axis, series, minPoints = 2 }) {
  let plot = null;
  const hint = h('p', { class: 'hint' }, note);
  container.replaceChildren(hint);
  return {
    draw(data) {
      if (data[0].length < minPoints) {
        if (plot) plot.destroy();
        plot = null;
        container.replaceChildren(hint);
        return;
      }
      const width = Math.max(260, container.clientWidth || 600);
      if (plot) {
        plot.setData(data);
        if (plot.width !== width) plot.setSize({ width, height: HEIGHT });
        return;
      }
      container.replaceChildren();
      plot = new uPlot(options(width, axis, series), data, container);
    },
  };
}

/** A chart in container, redrawn by update(beats, app) on every refresh of the page. */
export function beatChart(container) {
  const chart = timeChart(container, {
    note: 'The chart appears once two beats have arrived.',
    axis: { label: 'gap (s)', size: 50 },
    series: () => [
      { label: 'gap', stroke: colour('--accent'), width: 2, points: { show: true, size: 6 } },
      { label: 'expected', stroke: colour('--up-text'), dash: [6, 4], width: 1, points: { show: false } },
      { label: 'late after', stroke: colour('--danger'), dash: [2, 4], width: 1, points: { show: false } },
    ],
  });
  return {
    update(beats, app) {
      const { x, gaps } = beatGaps(beats);
      chart.draw([x, gaps, x.map(() => app.intervalSeconds), x.map(() => app.intervalSeconds + app.graceSeconds)]);
    },
  };
}

/**
 * The runs that ended (beats with a durationMs: a success or a failure paired with its start), oldest first,
 * as uPlot's columns: the end's time, the duration in seconds of a success (null for a failure) and of a
 * failure (null for a success), so failures plot as a series of their own.
 */
export function runDurations(beats) {
  const runs = beats
    .filter((beat) => beat.durationMs !== null && beat.durationMs !== undefined && Number.isFinite(Date.parse(beat.receivedAt)))
    .map((beat) => [Date.parse(beat.receivedAt) / 1000, beat.durationMs / 1000, beat.signal === 'fail'])
    .sort((a, b) => a[0] - b[0]);
  return [runs.map((run) => run[0]), runs.map((run) => (run[2] ? null : run[1])), runs.map((run) => (run[2] ? run[1] : null))];
}

/** The run-duration chart in container, redrawn by update(beats) on every refresh; failed runs in red squares. */
export function durationChart(container) {
  const chart = timeChart(container, {
    note: 'Run durations appear once a run has ended: send a start signal before the job and a success or fail after it.',
    axis: { label: 'run (s)', size: 50 },
    minPoints: 1,
    series: () => [
      { label: 'succeeded', stroke: colour('--accent'), width: 2, spanGaps: true, points: { show: true, size: 7 } },
      { label: 'failed', stroke: colour('--danger'), width: 0, paths: () => null,
        points: { show: true, size: 10, width: 3, fill: colour('--danger'), stroke: colour('--danger') } },
    ],
  });
  return {
    update(beats) {
      chart.draw(runDurations(beats));
    },
  };
}
