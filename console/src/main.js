// The Proteus console: a SQL editor with run and cancel, results with column types, live progress per stage, the
// decision workflow graph, the query history and the cluster page. Pages are chosen by the URL's hash.
import './style.css';
import { api, Unauthenticated } from './api.js';
import { element, formatBytes, formatCount, formatSeconds } from './dom.js';
import { createEditor } from './editor.js';
import { renderWorkflow } from './graph.js';
import { renderSlotChart } from './chart.js';

const FINAL_STATES = new Set(['FINISHED', 'FAILED', 'CANCELLED']);
const POLL_MILLISECONDS = 500;
const PAGE_ROWS = 1000;
const DEFAULT_SQL = `SELECT d_year, count(*) AS sales, sum(ss_net_paid) AS net_paid
FROM store_sales JOIN date_dim ON ss_sold_date_sk = d_date_sk
GROUP BY d_year
ORDER BY d_year`;

const app = document.getElementById('app');
const state = {
  session: null,
  editor: null,
  queryPage: null,
  queryId: null,
  pollTimer: null,
  clusterTimer: null,
  fillEditor: false,
};

function stopTimers() {
  clearTimeout(state.pollTimer);
  clearInterval(state.clusterTimer);
  state.pollTimer = null;
  state.clusterTimer = null;
}

async function guarded(action) {
  try {
    return await action();
  } catch (error) {
    if (error instanceof Unauthenticated) {
      showLogin();
      return undefined;
    }
    throw error;
  }
}

// ---------------------------------------------------------------- login

function showLogin(message) {
  stopTimers();
  state.session = null;
  state.queryPage = null;
  state.editor = null;
  const error = element('p', { id: 'login-error', class: 'error' }, message || '');
  const user = element('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true });
  const password = element('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = element('form', { id: 'login-form', class: 'login-form' },
    element('h1', {}, 'Proteus'),
    element('label', {}, 'User', user),
    element('label', {}, 'Password', password),
    element('button', { id: 'login-submit', type: 'submit' }, 'Log in'),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await api.login(user.value, password.value);
      await start();
    } catch (failure) {
      error.textContent = failure instanceof Unauthenticated ? 'Wrong user or password.' : failure.message;
    }
  });
  app.replaceChildren(element('div', { class: 'login-page' }, form));
  user.focus();
}

// ---------------------------------------------------------------- shell and routing

function shell() {
  const logout = state.session.authenticationRequired
    ? element('button', { id: 'logout', class: 'link', onclick: async () => { await api.logout().catch(() => {}); showLogin(); } }, 'Log out')
    : null;
  return element('header', { class: 'top-bar' },
    element('span', { class: 'brand' }, 'Proteus'),
    element('nav', {},
      element('a', { id: 'nav-query', href: '#/query' }, 'Query'),
      element('a', { id: 'nav-history', href: '#/history' }, 'History'),
      element('a', { id: 'nav-cluster', href: '#/cluster' }, 'Cluster')),
    element('span', { class: 'spacer' }),
    element('span', { id: 'current-user', class: 'muted' }, state.session.user),
    logout);
}

function route() {
  if (!state.session) return;
  stopTimers();
  const hash = window.location.hash || '#/query';
  const [page, argument] = hash.substring(2).split('/');
  const main = element('main', { class: `page page-${page}` });
  app.replaceChildren(shell(), main);
  document.querySelectorAll('nav a').forEach((link) => link.classList.toggle('active', link.getAttribute('href') === `#/${page}`));
  if (page === 'history') showHistory(main);
  else if (page === 'cluster') showCluster(main);
  else showQuery(main, argument ? decodeURIComponent(argument) : null);
}

// ---------------------------------------------------------------- query page

function showQuery(main, queryId) {
  if (!state.queryPage) {
    state.queryPage = buildQueryPage();
  }
  main.append(state.queryPage.root);
  if (queryId && queryId !== state.queryId) {
    state.queryId = queryId;
    state.fillEditor = true;
    state.queryPage.clear();
    poll(queryId);
  } else if (state.queryId) {
    poll(state.queryId);
  }
}

function buildQueryPage() {
  const editorHost = element('div', { id: 'editor', class: 'editor' });
  const schema = element('input', { id: 'schema-input', value: 'tpcds.sf1', title: 'catalog.schema the statement resolves against', size: 10 });
  const strategy = element('select', { id: 'strategy-select', title: 'strategy session property' },
    ['dynamic', 'static-hash', 'static-merge'].map((value) => element('option', { value }, value)));
  const objective = element('select', { id: 'objective-select', title: 'objective session property' },
    ['latency', 'cost'].map((value) => element('option', { value }, value)));
  const run = element('button', { id: 'run-button', class: 'primary', title: 'Ctrl+Enter' }, 'Run');
  const cancel = element('button', { id: 'cancel-button', disabled: true }, 'Cancel');
  const status = element('div', { id: 'query-status', class: 'status', 'data-state': 'IDLE' }, 'Ready.');
  const error = element('pre', { id: 'query-error', class: 'error', hidden: true });
  const results = element('div', { id: 'results', class: 'results' });
  const workflow = element('div', { id: 'workflow', class: 'workflow' });
  const stages = element('div', { id: 'stages', class: 'stages' });

  const root = element('div', { class: 'query-layout' },
    element('section', { class: 'panel editor-panel' },
      editorHost,
      element('div', { class: 'toolbar' },
        element('label', {}, 'Schema ', schema),
        element('label', {}, 'Strategy ', strategy),
        element('label', {}, 'Objective ', objective),
        element('span', { class: 'spacer' }), cancel, run),
      status, error),
    element('section', { class: 'panel results-panel' }, element('h2', {}, 'Results'), results),
    element('section', { class: 'panel workflow-panel' }, element('h2', {}, 'Decision workflow'), workflow,
      element('h2', {}, 'Stages'), stages));

  const page = {
    root,
    clear() {
      results.replaceChildren();
      workflow.replaceChildren();
      stages.replaceChildren();
      error.hidden = true;
      error.textContent = '';
    },
    render(view, page) { renderQuery(view, page, { status, error, results, workflow, stages, run, cancel }); },
  };
  renderWorkflow(workflow, null, []);
  state.editor = createEditor(editorHost, DEFAULT_SQL, () => run.click());
  run.addEventListener('click', () => guarded(async () => {
    const text = state.editor.text().trim();
    if (!text) return;
    const [catalog, schemaName] = schema.value.includes('.') ? schema.value.split('.', 2) : [null, schema.value];
    page.clear();
    status.textContent = 'Submitting…';
    status.dataset.state = 'SUBMITTING';
    run.disabled = true;
    try {
      const submitted = await api.submit({ sql: text, catalog, schema: schemaName,
        properties: { strategy: strategy.value, objective: objective.value } });
      state.queryId = submitted.queryId;
      history.replaceState(null, '', `#/query/${encodeURIComponent(submitted.queryId)}`);
      poll(submitted.queryId);
    } catch (failure) {
      run.disabled = false;
      if (failure instanceof Unauthenticated) throw failure;
      status.textContent = 'Not submitted.';
      status.dataset.state = 'FAILED';
      error.hidden = false;
      error.textContent = failure.message;
    }
  }));
  cancel.addEventListener('click', () => guarded(async () => {
    if (!state.queryId) return;
    cancel.disabled = true;
    await api.cancel(state.queryId);
  }));
  return page;
}

function poll(queryId) {
  clearTimeout(state.pollTimer);
  const step = () => guarded(async () => {
    if (state.queryId !== queryId) return;
    let view;
    try {
      view = await api.query(queryId, 0, 0);
    } catch (failure) {
      if (failure instanceof Unauthenticated) throw failure;
      state.queryPage.render({ queryId, state: 'FAILED', error: failure.message, progress: [], columns: [] });
      return;
    }
    if (FINAL_STATES.has(view.state)) {
      const page = await api.query(queryId, 0, PAGE_ROWS);
      state.queryPage.render(page, true);
      return;
    }
    state.queryPage.render(view, false);
    state.pollTimer = setTimeout(step, POLL_MILLISECONDS);
  });
  step();
}

function renderQuery(view, final, parts) {
  const { status, error, results, workflow, stages, run, cancel } = parts;
  const finished = FINAL_STATES.has(view.state);
  run.disabled = !finished;
  cancel.disabled = finished;
  status.dataset.state = view.state;
  status.replaceChildren(
    element('span', { class: `badge state-${view.state}` }, view.state),
    ` ${view.queryId}`,
    view.elapsedSeconds !== undefined ? ` · ${formatSeconds(view.elapsedSeconds)}` : '',
    view.totalRows !== undefined && view.state !== 'PLANNED' ? ` · ${formatCount(view.totalRows)} rows` : '',
    view.info ? ` · ${view.info.slotSeconds.toFixed(2)} slot-s · ${view.info.strategy}/${view.info.objective}` : '');
  if (state.fillEditor && view.sql && state.editor) {
    state.editor.setText(view.sql);
    state.fillEditor = false;
  }
  error.hidden = !view.error;
  error.textContent = view.error || '';
  renderWorkflow(workflow, view.info, view.progress);
  renderStages(stages, view.progress || []);
  if (final) renderResults(results, view);
}

function renderStages(container, progress) {
  container.replaceChildren();
  if (progress.length === 0) {
    container.append(element('p', { class: 'muted' }, 'No stage has started.'));
    return;
  }
  const rows = progress.map((stage) => element('tr', { class: `stage-${stage.state}`, 'data-stage-id': stage.stageId },
    element('td', {}, stage.stageId),
    element('td', {}, stage.label),
    element('td', {}, stage.decisionNodeId || ''),
    element('td', {}, element('div', { class: 'bar', title: `${stage.tasksFinished}/${stage.tasks} tasks` },
      element('div', { class: 'bar-fill', style: `width: ${stage.tasks ? (100 * stage.tasksFinished) / stage.tasks : 0}%` })),
    ` ${stage.tasksFinished}/${stage.tasks}`),
    element('td', { class: 'number' }, formatSeconds(stage.seconds)),
    element('td', { class: 'number' }, stage.state === 'FINISHED' ? formatCount(stage.outputRows) : '…')));
  container.append(element('table', { class: 'grid stage-table' },
    element('thead', {}, element('tr', {}, ['stage', 'label', 'node', 'tasks', 'time', 'rows out'].map((name) => element('th', {}, name)))),
    element('tbody', {}, rows)));
}

function renderResults(container, view) {
  container.replaceChildren();
  if (!view.columns || view.columns.length === 0) {
    container.append(element('p', { class: 'muted' }, view.state === 'FINISHED' ? 'The statement returned no columns.' : ''));
    return;
  }
  const body = element('tbody', {});
  const table = element('table', { class: 'grid results-grid' },
    element('thead', {}, element('tr', {}, view.columns.map((column) =>
      element('th', {}, element('div', { class: 'column-name' }, column.name), element('div', { class: 'column-type' }, column.type))))),
    body);
  const numeric = view.columns.map((column) => /^(INTEGER|BIGINT|DOUBLE|DECIMAL)/.test(column.type));
  const addRows = (rows) => {
    for (const row of rows) {
      body.append(element('tr', {}, row.map((value, index) =>
        element('td', { class: value === null ? 'null' : numeric[index] ? 'number' : undefined,
          title: typeof value === 'string' && value.length > 40 ? value : undefined }, value === null ? 'NULL' : value))));
    }
  };
  addRows(view.rows);
  const summary = element('div', { id: 'result-summary', class: 'muted' });
  const more = element('button', { id: 'more-rows' }, 'More rows');
  let next = view.nextOffset;
  const updateSummary = () => {
    summary.textContent = `${formatCount(body.children.length)} of ${formatCount(view.totalRows)} rows shown`
      + (view.truncated ? ` (the server kept the first ${formatCount(view.keptRows)})` : '');
    more.hidden = next === null || next === undefined;
  };
  more.addEventListener('click', () => guarded(async () => {
    const page = await api.query(view.queryId, next, PAGE_ROWS);
    addRows(page.rows);
    next = page.nextOffset;
    updateSummary();
  }));
  updateSummary();
  container.append(element('div', { class: 'grid-scroll' }, table), element('div', { class: 'toolbar' }, summary, more));
}

// ---------------------------------------------------------------- history page

async function showHistory(main) {
  const body = element('tbody', {});
  main.append(element('section', { class: 'panel' }, element('h2', {}, 'Query history'),
    element('table', { id: 'history-table', class: 'grid' },
      element('thead', {}, element('tr', {}, ['query', 'user', 'state', 'started', 'elapsed', 'rows', 'slot-s', 'statement']
        .map((name) => element('th', {}, name)))),
      body)));
  const refresh = () => guarded(async () => {
    const queries = await api.history();
    body.replaceChildren(...queries.map((query) => element('tr', { 'data-query-id': query.queryId },
      element('td', {}, element('a', { href: `#/query/${encodeURIComponent(query.queryId)}` }, query.queryId)),
      element('td', {}, query.user),
      element('td', {}, element('span', { class: `badge state-${query.state}` }, query.state)),
      element('td', {}, new Date(query.started).toLocaleTimeString()),
      element('td', { class: 'number' }, formatSeconds(query.elapsedSeconds)),
      element('td', { class: 'number' }, formatCount(query.resultRows)),
      element('td', { class: 'number' }, query.slotSeconds.toFixed(2)),
      element('td', { class: 'sql', title: query.error || query.sql }, query.sql.replace(/\s+/g, ' ').substring(0, 140)))));
  });
  await refresh();
  state.clusterTimer = setInterval(refresh, 2000);
}

// ---------------------------------------------------------------- cluster page

async function showCluster(main) {
  const summary = element('div', { id: 'cluster-summary', class: 'cards' });
  const workers = element('tbody', {});
  const chart = element('div', { id: 'slot-chart', class: 'chart' });
  main.append(
    element('section', { class: 'panel' }, element('h2', {}, 'Cluster'), summary),
    element('section', { class: 'panel' }, element('h2', {}, 'Slot allocation (per second, last 5 minutes)'), chart),
    element('section', { class: 'panel' }, element('h2', {}, 'Workers'),
      element('table', { id: 'workers-table', class: 'grid' },
        element('thead', {}, element('tr', {}, ['worker', 'address', 'slots busy', 'memory used'].map((name) => element('th', {}, name)))),
        workers)));
  const refresh = () => guarded(async () => {
    const cluster = await api.cluster();
    const card = (label, value) => element('div', { class: 'card' }, element('div', { class: 'card-value' }, value), element('div', { class: 'muted' }, label));
    summary.replaceChildren(card('workers', cluster.workers.length), card('slots', cluster.totalSlots),
      card('slots busy', cluster.busySlots), card('queries running', cluster.runningQueries));
    workers.replaceChildren(...cluster.workers.map((worker) => element('tr', { 'data-worker-id': worker.workerId },
      element('td', {}, worker.workerId),
      element('td', {}, worker.address),
      element('td', {}, element('div', { class: 'bar' }, element('div', { class: 'bar-fill', style: `width: ${(100 * worker.busySlots) / Math.max(1, worker.totalSlots)}%` })),
        ` ${worker.busySlots}/${worker.totalSlots}`),
      element('td', {}, element('div', { class: 'bar' }, element('div', { class: 'bar-fill memory', style: `width: ${(100 * worker.memoryUsedBytes) / Math.max(1, worker.memoryLimitBytes)}%` })),
        ` ${formatBytes(worker.memoryUsedBytes)} of ${formatBytes(worker.memoryLimitBytes)}`))));
    renderSlotChart(chart, cluster.timeline, 300);
  });
  await refresh();
  state.clusterTimer = setInterval(refresh, 1000);
}

// ---------------------------------------------------------------- start

async function start() {
  try {
    state.session = await api.session();
  } catch (failure) {
    if (failure instanceof Unauthenticated) {
      showLogin();
      return;
    }
    app.replaceChildren(element('p', { class: 'error' }, `Cannot reach the coordinator: ${failure.message}`));
    return;
  }
  route();
}

window.addEventListener('hashchange', route);
start();
