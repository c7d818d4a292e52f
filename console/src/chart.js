// The live chart of slot allocation: per second, slots running query tasks, background functions and idle slots,
// stacked up to the cluster's total.
import { element, svg } from './dom.js';

const WIDTH = 900;
const HEIGHT = 260;
const MARGIN = { left: 44, right: 12, top: 12, bottom: 28 };
const LAYERS = [
  { key: 'querySlots', label: 'queries', className: 'layer-queries' },
  { key: 'backgroundSlots', label: 'background', className: 'layer-background' },
  { key: 'idleSlots', label: 'idle', className: 'layer-idle' },
];

export function renderSlotChart(container, samples, windowSeconds) {
  container.replaceChildren();
  const drawing = svg('svg', { class: 'slot-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': 'slot allocation over time' });
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const total = Math.max(1, ...samples.map((sample) => sample.totalSlots));
  const end = samples.length ? Date.parse(samples[samples.length - 1].time) : Date.now();
  const start = end - windowSeconds * 1000;
  const x = (time) => MARGIN.left + ((time - start) / (end - start)) * plotWidth;
  const y = (slots) => MARGIN.top + plotHeight - (slots / total) * plotHeight;

  for (let tick = 0; tick <= total; tick += Math.max(1, Math.ceil(total / 5))) {
    drawing.append(svg('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick) }));
    drawing.append(svg('text', { class: 'axis', x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tick));
  }
  for (let seconds = 0; seconds <= windowSeconds; seconds += 60) {
    const time = end - seconds * 1000;
    drawing.append(svg('text', { class: 'axis', x: x(time), y: HEIGHT - 8, 'text-anchor': 'middle' },
      seconds === 0 ? 'now' : `-${seconds / 60} min`));
  }
  const visible = samples.filter((sample) => Date.parse(sample.time) >= start);
  if (visible.length > 0) {
    let lower = visible.map(() => 0);
    for (const layer of LAYERS) {
      const upper = visible.map((sample, index) => lower[index] + sample[layer.key]);
      const points = [];
      visible.forEach((sample, index) => points.push(`${x(Date.parse(sample.time))},${y(upper[index])}`));
      for (let index = visible.length - 1; index >= 0; index--) {
        points.push(`${x(Date.parse(visible[index].time))},${y(lower[index])}`);
      }
      drawing.append(svg('polygon', { class: layer.className, points: points.join(' ') }));
      lower = upper;
    }
  }
  drawing.append(svg('text', { class: 'axis', x: MARGIN.left + 4, y: MARGIN.top + 10 }, `slots (of ${total})`));
  container.append(drawing);
  container.append(element('div', { class: 'legend' }, LAYERS.map((layer) =>
    element('span', { class: 'legend-item' }, element('span', { class: `swatch ${layer.className}` }), layer.label))));
}
