// A check's latency over its results (uPlot, as the beat chart), and a small inline SVG sparkline for
// tables. Results come newest first from the API; both draw them oldest first.
import { timeChart, colour } from './chart.js';

/** Results ({at, latencyMs}) as uPlot's columns, oldest first; results without a latency are left out. */
export function latencySeries(results) {
  const points = results
    .map((result) => [Date.parse(result.at) / 1000, result.latencyMs])
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    .sort((a, b) => a[0] - b[0]);
  return [points.map((p) => p[0]), points.map((p) => p[1])];
}

/** A latency chart in container, redrawn by update(results) on every refresh. */
export function latencyChart(container) {
  const chart = timeChart(container, {
    note: 'The chart appears once the check has run twice.',
    axis: { label: 'latency (ms)', size: 60 },
    series: () => [{ label: 'latency', stroke: colour('--accent'), width: 2, points: { show: true, size: 6 } }],
  });
  return {
    update(results) {
      chart.draw(latencySeries(results));
    },
  };
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG sparkline of latencies (oldest left), width x height, labelled for screen readers. */
export function sparkline(results, width = 120, height = 28) {
  const [, ys] = latencySeries(results);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', ys.length ? `latency of the last ${ys.length} runs, from ${Math.min(...ys)} to ${Math.max(...ys)} ms` : 'no runs yet');
  if (ys.length > 1) {
    const max = Math.max(...ys, 1);
    const step = (width - 2) / (ys.length - 1);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', ys.map((y, i) => `${(1 + i * step).toFixed(1)},${(height - 1 - (y / max) * (height - 2)).toFixed(1)}`).join(' '));
    svg.appendChild(line);
  }
  return svg;
}
