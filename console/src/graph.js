// The decision workflow drawn as a graph: one box per decision point with the choice its decision node made, arrows
// in the direction rows flow (scans at the bottom, the result on top). Laid out as a tidy tree: each subtree is pushed
// right just far enough that its left contour clears the right contour of its left siblings at every depth.
import { element, svg } from './dom.js';

const NODE_WIDTH = 236;
const NODE_HEIGHT = 66;
const SLOT = NODE_WIDTH + 24;
const ROW = NODE_HEIGHT + 44;

function layout(rootId, inputsOf) {
  const placed = new Set();
  function visit(id) {
    placed.add(id);
    const children = (inputsOf.get(id) || []).filter((child) => !placed.has(child));
    if (children.length === 0) {
      return { positions: new Map([[id, 0]]), left: [0], right: [0] };
    }
    const layouts = children.map(visit);
    const positions = new Map();
    let accumulatedLeft = [];
    let accumulatedRight = [];
    const roots = [];
    layouts.forEach((child, index) => {
      let shift = 0;
      if (index > 0) {
        const depth = Math.min(accumulatedRight.length, child.left.length);
        shift = -Infinity;
        for (let d = 0; d < depth; d++) shift = Math.max(shift, accumulatedRight[d] - child.left[d] + 1);
      }
      for (const [node, x] of child.positions) positions.set(node, x + shift);
      roots.push(child.positions.get(children[index]) + shift);
      const left = child.left.map((x) => x + shift);
      const right = child.right.map((x) => x + shift);
      accumulatedLeft = accumulatedLeft.concat(left.slice(accumulatedLeft.length));
      accumulatedRight = right.concat(accumulatedRight.slice(right.length));
    });
    const x = (roots[0] + roots[roots.length - 1]) / 2;
    positions.set(id, x);
    return { positions, left: [x, ...accumulatedLeft], right: [x, ...accumulatedRight] };
  }
  return visit(rootId).positions;
}

function depths(rootId, inputsOf) {
  const depth = new Map([[rootId, 0]]);
  const queue = [rootId];
  while (queue.length) {
    const id = queue.shift();
    for (const child of inputsOf.get(id) || []) {
      if (!depth.has(child)) {
        depth.set(child, depth.get(id) + 1);
        queue.push(child);
      }
    }
  }
  return depth;
}

function shorten(text, length) {
  return text.length <= length ? text : `${text.substring(0, length - 1)}…`;
}

function decisionText(decision) {
  if (!decision) return 'not decided yet';
  const choice = decision.decision;
  return `${choice.implementation} ×${choice.instances}`;
}

function placementText(decision) {
  return decision ? decision.decision.placement.toLowerCase().replace('_', '-') : '';
}

/**
 * Draws the graph of a query's runtime information into `container`: nodes from info.workflow, choices from
 * info.decisions, running stages from `progress`. Clicking a node selects its entry in the decision list.
 */
export function renderWorkflow(container, info, progress) {
  container.replaceChildren();
  if (!info || !info.workflow) {
    container.append(element('p', { class: 'muted' }, info ? 'This statement has no decision workflow.' : 'Run a query to see its decision workflow.'));
    return;
  }
  const { nodes, edges } = info.workflow;
  const inputsOf = new Map();
  for (const edge of edges) {
    if (!inputsOf.has(edge.to)) inputsOf.set(edge.to, []);
    inputsOf.get(edge.to).push(edge.from);
  }
  const decisions = new Map();
  for (const decision of info.decisions || []) decisions.set(decision.nodeId, decision);
  const running = new Set((progress || []).filter((stage) => stage.state === 'RUNNING').map((stage) => stage.decisionNodeId));

  const positions = layout('result', inputsOf);
  const depth = depths('result', inputsOf);
  const minimum = Math.min(...positions.values());
  const maximumDepth = Math.max(...depth.values());
  const width = (Math.max(...positions.values()) - minimum) * SLOT + NODE_WIDTH + 20;
  const height = maximumDepth * ROW + NODE_HEIGHT + 20;
  const centre = (id) => ({ x: 10 + (positions.get(id) - minimum) * SLOT + NODE_WIDTH / 2, y: 10 + depth.get(id) * ROW });

  const drawing = svg('svg', { class: 'workflow-graph', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': 'decision workflow graph' });
  drawing.append(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  for (const edge of edges) {
    if (!positions.has(edge.from) || !positions.has(edge.to)) continue;
    const from = centre(edge.from);
    const to = centre(edge.to);
    const startY = from.y;
    const endY = to.y + NODE_HEIGHT;
    const middle = (startY + endY) / 2;
    drawing.append(svg('path', { class: 'edge', d: `M ${from.x} ${startY} C ${from.x} ${middle}, ${to.x} ${middle}, ${to.x} ${endY + 2}`,
      'marker-end': 'url(#arrow)' }));
  }
  for (const node of nodes) {
    if (!positions.has(node.id)) continue;
    const { x, y } = centre(node.id);
    const decision = decisions.get(node.id);
    const state = node.kind === 'result' ? (info.state === 'FINISHED' ? 'decided' : 'pending')
      : running.has(node.id) ? 'running' : decision ? 'decided' : 'pending';
    const group = svg('g', { class: `graph-node kind-${node.kind} state-${state}`, 'data-node-id': node.id,
      transform: `translate(${x - NODE_WIDTH / 2}, ${y})` });
    group.append(svg('title', {}, decision
      ? `${node.id} (${decision.decisionNode})\nobserved: ${decision.observed}\nreason: ${decision.decision.reason}`
      : `${node.id}: ${node.label}`));
    group.append(svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 7 }));
    group.append(svg('text', { x: 10, y: 19, class: 'node-title' }, node.kind === 'result' ? 'result' : node.id));
    group.append(svg('text', { x: NODE_WIDTH - 10, y: 19, class: 'node-placement', 'text-anchor': 'end' }, placementText(decision)));
    group.append(svg('text', { x: 10, y: 37, class: 'node-label' }, shorten(node.label, 34)));
    group.append(svg('text', { x: 10, y: 56, class: 'node-choice' },
      node.kind === 'result' ? `${info.resultRows ?? 0} rows` : shorten(decisionText(decision), 34)));
    group.addEventListener('click', () => {
      const entry = document.getElementById(`decision-${node.id}`);
      if (entry) {
        document.querySelectorAll('.decision-entry.selected').forEach((other) => other.classList.remove('selected'));
        entry.classList.add('selected');
        entry.scrollIntoView({ block: 'nearest' });
      }
    });
    drawing.append(group);
  }
  container.append(element('div', { class: 'graph-scroll' }, drawing));

  const list = element('div', { class: 'decision-list' });
  for (const decision of info.decisions || []) {
    list.append(element('div', { class: 'decision-entry', id: `decision-${decision.nodeId}` },
      element('div', { class: 'decision-head' },
        element('strong', {}, decision.nodeId), ` ${decision.point} by ${decision.decisionNode}: `,
        element('span', { class: 'choice' }, `${decisionText(decision)} · ${decision.decision.placement}`)),
      element('div', { class: 'decision-why' }, element('span', { class: 'muted' }, 'why: '), decision.decision.reason),
      element('div', { class: 'decision-observed muted' }, `observed: ${decision.observed}`)));
  }
  container.append(list);
}
