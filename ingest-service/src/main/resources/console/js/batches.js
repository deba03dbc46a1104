// Batches (the client's, newest first, live) and one batch (counters, progress, controls, report).
import {call} from './api.js';
import {announce, h, num, replace, table} from './dom.js';

/** How often the screens ask again, in ms. */
const REFRESH_MS = 2000;
const STATES = ['sent', 'delivered', 'undelivered', 'failed', 'expired', 'gatewayRejected', 'suppressed',
  'cancelled'];
const COLOURS = ['#1d70b8', '#00703c', '#d4351c', '#942514', '#6f72af', '#b58840', '#505a5f', '#0b0c0c'];

/** Messages the gateway has dealt with: every counted state. */
function done(batch) {
  return STATES.reduce((sum, s) => sum + (batch[s] || 0), 0);
}

/**
 * A batch's rate, in messages (with a first status) per second: while it runs, over the time since the last look
 * (`previous` keeps each batch's last look); once complete, on average from its acceptance to its completion. Status
 * event times are not used: a receipt's time comes from the DLR's done date, given to the minute.
 * @returns {number|null} null until it can be told
 */
function rate(batch, previous) {
  const dealt = batch.accepted === null ? null : batch.accepted - batch.pending;
  if (dealt === null) {
    return null;
  }
  if (batch.completedAt && batch.createdAt) {
    const seconds = (Date.parse(batch.completedAt) - Date.parse(batch.createdAt)) / 1000;
    return seconds > 0 ? dealt / seconds : null;
  }
  const now = Date.now();
  const last = previous.get(batch.batchId);
  previous.set(batch.batchId, {dealt, at: now});
  return last && now > last.at ? Math.max(0, dealt - last.dealt) / ((now - last.at) / 1000) : null;
}

function rateText(value) {
  return value === null ? '–' : `${value.toFixed(1)} msg/s`;
}

function progress(batch, id) {
  const value = batch.progress === null ? 0 : batch.progress;
  return h('span', {class: 'progress'},
      h('progress', {id, max: 1, value, 'aria-label': `Progress of batch ${batch.batchId}`}),
      ` ${Math.floor(value * 100)} %`);
}

export function renderBatches(view) {
  const body = h('div', {id: 'batch-list'}, 'Loading…');
  const canvas = h('canvas', {id: 'state-chart', role: 'img',
    'aria-label': 'Messages per state over time, for the batches on this page'});
  const older = h('button', {type: 'button', id: 'older', hidden: true}, 'Older batches');
  const newest = h('button', {type: 'button', id: 'newest', hidden: true}, 'Newest batches');
  const cursors = [null];
  let chart = null;
  let timer = null;
  const samples = [];

  let shown = '';
  let cells = new Map();
  const looks = new Map();

  async function load() {
    const before = cursors[cursors.length - 1];
    const answer = await call('GET', `/v1/batches?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`);
    if (!answer.ok) {
      announce(`Could not list the batches: ${answer.problem}`, 'error');
      return;
    }
    const batches = answer.body.batches;
    const ids = batches.map(b => b.batchId).join(' ');
    if (ids === shown && batches.length) {
      // the same batches: only their figures change, so that a focused link keeps its focus
      for (const b of batches) {
        const values = figures(b);
        cells.get(b.batchId).forEach((cell, i) => replace(cell, values[i]));
      }
    } else {
      shown = ids;
      cells = new Map();
      replace(body, batches.length === 0 ? h('p', {}, 'No batches yet.') : table('Your batches, newest first',
          ['Created', 'Batch', 'State', 'Accepted', 'Sent', 'Delivered', 'Failed', 'Progress', 'Rate'],
          batches.map(b => [b.createdAt ? new Date(b.createdAt).toLocaleString('en-GB') : '–',
            h('a', {href: `#/batches/${b.batchId}`}, b.batchId), ...figures(b)]), {id: 'batches'}));
      body.querySelectorAll('tbody tr').forEach((row, i) => {
        cells.set(batches[i].batchId, Array.from(row.children).slice(2));
      });
    }
    older.hidden = !answer.body.next;
    older.dataset.next = answer.body.next || '';
    newest.hidden = cursors.length === 1;
    chartSample(batches);
  }

  /** The cells of a batch's row after its id, which change as it is sent. */
  function figures(b) {
    return [b.state, num(b.accepted), num(b.sent), num(b.delivered), num(b.failed),
      progress(b, `progress-${b.batchId}`), rateText(rate(b, looks))];
  }

  function chartSample(batches) {
    samples.push({at: new Date().toLocaleTimeString('en-GB'),
      counts: STATES.map(s => batches.reduce((sum, b) => sum + (b[s] || 0), 0))});
    if (samples.length > 60) {
      samples.shift();
    }
    canvas.dataset.samples = String(samples.length);
    if (typeof Chart === 'undefined') {
      return;
    }
    const data = {labels: samples.map(s => s.at), datasets: STATES.map((s, i) => ({label: s,
      data: samples.map(x => x.counts[i]), borderColor: COLOURS[i], backgroundColor: COLOURS[i], pointRadius: 2}))};
    if (chart) {
      chart.data = data;
      chart.update('none');
    } else {
      chart = new Chart(canvas, {type: 'line', data, options: {animation: false, responsive: true,
        maintainAspectRatio: false, scales: {y: {beginAtZero: true, title: {display: true, text: 'messages'}}}}});
    }
  }

  older.addEventListener('click', () => {
    cursors.push(older.dataset.next);
    load();
  });
  newest.addEventListener('click', () => {
    cursors.length = 1;
    load();
  });
  replace(view, h('h1', {}, 'Batches'),
      h('p', {}, `Updated every ${REFRESH_MS / 1000} s.`), body, h('div', {class: 'actions'}, newest, older),
      h('h2', {}, 'Messages per state'), h('div', {class: 'chart'}, canvas));
  load();
  timer = setInterval(load, REFRESH_MS);
  return () => {
    clearInterval(timer);
    if (chart) {
      chart.destroy();
    }
  };
}

const COUNTS = [['Accepted', 'accepted'], ['Rejected', 'rejected'], ['Pending', 'pending'], ['Sent', 'sent'],
  ['Delivered', 'delivered'], ['Undelivered', 'undelivered'], ['Failed', 'failed'], ['Expired', 'expired'],
  ['Rejected by the network', 'gatewayRejected'], ['Suppressed', 'suppressed'], ['Cancelled', 'cancelled']];

export function renderBatch(view, batchId) {
  const note = h('p', {id: 'batch-note'}, 'Loading…');
  const state = h('strong', {id: 'batch-state'}, '–');
  const bar = h('progress', {id: 'batch-progress', max: 1, value: 0, 'aria-label': 'Progress of the batch'});
  const percent = h('span', {}, '');
  const counts = new Map(COUNTS.map(([, key]) => [key, h('dd', {id: `count-${key}`}, '–')]));
  const rateOut = h('span', {id: 'batch-rate'}, '–');
  const controls = h('div', {class: 'actions', id: 'batch-controls'});
  const rejectedBox = h('div', {});
  const sent = JSON.parse(sessionStorage.getItem(`herald.sent.${batchId}`) || 'null');
  let rejectedAsked = false;
  let controlsFor = null;
  let timer = null;
  const looks = new Map();

  async function load() {
    const answer = await call('GET', `/v1/batches/${encodeURIComponent(batchId)}`);
    if (!answer.ok) {
      note.textContent = answer.status === 404
          ? 'No status of this batch yet: it appears once its first record is read (a moment after sending).'
          : `Could not read the batch: ${answer.problem}`;
      return;
    }
    const b = answer.body;
    note.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}.`;
    state.textContent = b.state;
    bar.value = b.progress === null ? 0 : b.progress;
    percent.textContent = ` ${Math.floor(bar.value * 100)} %`;
    for (const [key, dd] of counts) {
      dd.textContent = num(b[key]);
    }
    rateOut.textContent = rateText(rate(b, looks));
    if (b.rejected > 0 && !rejectedAsked) {
      rejectedAsked = true;
      loadRejected();
    }
    const final = b.state === 'cancelled' || b.state === 'complete';
    if (controlsFor !== b.state) {
      // rebuilt only when the state changes, so that a focused button keeps its focus
      controlsFor = b.state;
      replace(controls,
          b.state === 'running' ? control('pause', 'Pause') : null,
          b.state === 'paused' ? control('resume', 'Resume') : null,
          final ? null : control('cancel', 'Cancel the rest'),
          h('button', {type: 'button', id: 'download-report', on: {click: download}}, 'Download report (CSV)'));
    }
    if (final) {
      clearInterval(timer);
    }
  }
  function control(action, label) {
    return h('button', {type: 'button', id: `batch-${action}`, on: {click: async () => {
      if (action === 'cancel' && !window.confirm('Cancel every message of this batch not yet sent?')) {
        return;
      }
      const answer = await call('POST', `/v1/batches/${encodeURIComponent(batchId)}/${action}`);
      announce(answer.ok ? `Batch ${answer.body.state}: ${num(answer.body.notSent)} not yet sent.`
          : `Could not ${action}: ${answer.problem}`, answer.ok ? 'info' : 'error');
      load();
    }}}, label);
  }

  // The refused recipients, from the API: their index in the batch, or their line in the file when this tab sent it.
  async function loadRejected() {
    const answer = await call('GET', `/v1/batches/${encodeURIComponent(batchId)}/rejected`);
    if (!answer.ok) {
      rejectedAsked = false; // asked again at the next refresh
      replace(rejectedBox, h('p', {}, `Could not read the rejected recipients: ${answer.problem}`));
      return;
    }
    const r = answer.body;
    const byLine = sent && sent.source;
    replace(rejectedBox, r.recipients.length ? table(byLine
        ? `Rejected recipients (row = line in ${sent.source})` : 'Rejected recipients (number = place in the batch)',
        [byLine ? 'Row' : 'Number', 'To', 'Reason'],
        r.recipients.map(x => [String(x.index + (byLine ? 2 : 1)), x.to || '', x.reason]), {id: 'batch-rejected'})
        : null,
        r.truncated ? h('p', {id: 'batch-rejected-note'}, r.source === 'BULK'
            ? 'The refused lines of a bulk load are on the topic notify.bulk.rejected, with their reasons.'
            : `The first ${num(r.recipients.length)} of ${num(r.rejected)} rejected recipients are listed.`) : null);
  }

  async function download() {
    const answer = await call('GET', `/v1/batches/${encodeURIComponent(batchId)}/report.csv`, {raw: true});
    if (!answer.ok) {
      announce(`Could not get the report: ${answer.problem}`, 'error');
      return;
    }
    const url = URL.createObjectURL(new Blob([answer.text], {type: 'text/csv'}));
    const link = h('a', {href: url, download: `batch-${batchId}.csv`});
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce(`Report downloaded: ${num(answer.text.split('\r\n').length - 2)} messages.`);
  }

  replace(view, h('h1', {}, 'Batch ', h('code', {}, batchId)), note,
      h('p', {}, 'State: ', state), h('span', {class: 'progress'}, bar, percent),
      h('dl', {class: 'counts'}, COUNTS.map(([label, key]) => [h('dt', {}, label), counts.get(key)])),
      h('p', {}, 'Rate: ', rateOut), controls, rejectedBox);
  load();
  timer = setInterval(load, REFRESH_MS / 2);
  return () => clearInterval(timer);
}
