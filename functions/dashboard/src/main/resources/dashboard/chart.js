// The beat-history chart: when each beat came (x) and how long after the one before it (y), against the
// expected interval and the point past which a beat is late (interval + grace). uPlot draws it.
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

function colour(variable) {
  return getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || '#888';
}

function options(width) {
  const axis = { stroke: colour('--muted'), grid: { stroke: colour('--border'), width: 1 }, ticks: { stroke: colour('--border') } };
  return {
    width,
    height: 220,
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.15] } },
    axes: [axis, { ...axis, label: 'gap (s)', size: 50 }],
    series: [
      {},
      { label: 'gap', stroke: colour('--accent'), width: 2, points: { show: true, size: 6 } },
      { label: 'expected', stroke: colour('--up-text'), dash: [6, 4], width: 1, points: { show: false } },
      { label: 'late after', stroke: colour('--danger'), dash: [2, 4], width: 1, points: { show: false } },
    ],
  };
}

/** A chart in container, redrawn by update(beats, app) on every refresh of the page. */
export function beatChart(container) {
  let plot = null;
  const note = h('p', { class: 'hint' }, 'The chart appears once two beats have arrived.');
  container.replaceChildren(note);
  return {
    update(beats, app) {
      const { x, gaps } = beatGaps(beats);
      if (x.length < 2) {
        if (plot) plot.destroy();
        plot = null;
        container.replaceChildren(note);
        return;
      }
      const data = [x, gaps, x.map(() => app.intervalSeconds), x.map(() => app.intervalSeconds + app.graceSeconds)];
      const width = Math.max(260, container.clientWidth || 600);
      if (plot) {
        plot.setData(data);
        if (plot.width !== width) plot.setSize({ width, height: 220 });
        return;
      }
      container.replaceChildren();
      plot = new uPlot(options(width), data, container);
    },
  };
}
