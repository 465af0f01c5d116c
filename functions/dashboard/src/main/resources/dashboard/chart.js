// Time charts (uPlot), redrawn in place on every refresh: the beat-history chart here, when each beat came (x)
// and how long after the one before it (y), against the expected interval and the point past which a beat is
// late (interval + grace); the latency chart (latency-chart.js) draws with the same timeChart.
import uPlot from './uplot.js';
import { h } from './dom.js';

/** Beats (any order, {receivedAt}) as the times of the 2nd..nth beat and the seconds since the beat before. */
export function beatGaps(beats) {
  const times = beats.map((beat) => Date.parse(beat.receivedAt) / 1000).filter(Number.isFinite).sort((a, b) => a - b);
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
 * data has two points it shows note instead. axis is the y axis ({label, size}); series() the lines after
 * the x column, called when the chart is drawn so they take the theme's colours.
 */
export function timeChart(container, { note, axis, series }) {
  let plot = null;
  const hint = h('p', { class: 'hint' }, note);
  container.replaceChildren(hint);
  return {
    draw(data) {
      if (data[0].length < 2) {
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
