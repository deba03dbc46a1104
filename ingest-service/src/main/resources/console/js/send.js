// Send: recipients from a CSV file or pasted rows, a text or a template with its live SMS count, a dry run, then the
// real send (POST /v1/batches with an Idempotency-Key, so that a second click or a retry sends nothing twice).
import {call} from './api.js';
import {smsCounter} from './counter.js';
import {announce, field, h, num, replace, table} from './dom.js';

/** The largest CSV file the console reads, in bytes; the service bounds the batch itself. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const TO_COLUMN = /^(to|phone|number|mobile|msisdn|recipient)$/i;

export function renderSend(view) {
  const state = {rows: [], columns: [], source: null, checked: null, idempotencyKey: null};

  const file = h('input', {id: 'csv-file', type: 'file', accept: '.csv,text/csv'});
  const pasted = h('textarea', {id: 'csv-text', rows: 4, spellcheck: 'false'});
  const readPasted = h('button', {type: 'button', id: 'read-pasted'}, 'Read pasted rows');
  const summary = h('p', {id: 'rows-summary'}, 'No recipients yet.');
  const toColumn = h('select', {id: 'to-column'});
  const from = h('input', {id: 'from', value: 'HERALD', maxlength: 15, autocomplete: 'off'});
  const text = h('textarea', {id: 'text', rows: 4});
  const counter = h('p', {id: 'text-counter', class: 'counter', 'aria-live': 'polite'}, 'Empty text');
  const template = h('select', {id: 'template'}, h('option', {value: ''}, '(none: use the text)'));
  const priority = h('select', {id: 'priority'},
      h('option', {value: 'normal'}, 'normal'), h('option', {value: 'high'}, 'high (one-time codes, alerts)'),
      h('option', {value: 'bulk'}, 'bulk (campaigns)'));
  const sendAt = h('input', {id: 'send-at', type: 'datetime-local'});
  const quietStart = h('input', {id: 'quiet-start', type: 'time'});
  const quietEnd = h('input', {id: 'quiet-end', type: 'time'});
  const dryRun = h('button', {type: 'button', id: 'dry-run'}, 'Dry run');
  const send = h('button', {type: 'button', id: 'send', class: 'primary', disabled: true}, 'Send');
  const result = h('section', {id: 'result', 'aria-labelledby': 'result-title'});
  const templates = new Map();

  const count = smsCounter(() => template.value ? (templates.get(template.value) || '') : text.value, counter);
  const changed = () => {
    state.checked = null;
    send.disabled = true;
  };

  function useRows(name, csv) {
    const parsed = Papa.parse(csv, {header: true, skipEmptyLines: 'greedy', transformHeader: name => name.trim()});
    state.rows = parsed.data;
    state.columns = (parsed.meta.fields || []).filter(c => c !== '');
    state.source = name;
    replace(toColumn, state.columns.map(c => h('option', {value: c}, c)));
    const guess = state.columns.find(c => TO_COLUMN.test(c));
    if (guess) {
      toColumn.value = guess;
    }
    const problems = parsed.errors.length ? ` ${parsed.errors.length} lines could not be read: `
        + parsed.errors.slice(0, 3).map(e => `line ${e.row + 2}: ${e.message}`).join('; ') : '';
    replace(summary, `${num(state.rows.length)} ${state.rows.length === 1 ? 'row' : 'rows'} from `,
        h('span', {id: 'rows-source'}, name),
        ` · columns: ${state.columns.join(', ')}.${problems}`);
    changed();
  }

  file.addEventListener('change', () => {
    const chosen = file.files[0];
    if (!chosen) {
      return;
    }
    if (chosen.size > MAX_FILE_BYTES) {
      announce(`That file has ${num(chosen.size)} bytes; the console reads at most ${num(MAX_FILE_BYTES)}.`,
          'error');
      return;
    }
    chosen.text().then(csv => useRows(chosen.name, csv));
  });
  readPasted.addEventListener('click', () => useRows('pasted rows', pasted.value));
  text.addEventListener('input', () => {
    changed();
    count();
  });
  template.addEventListener('change', () => {
    text.disabled = template.value !== '';
    changed();
    count();
  });
  for (const control of [toColumn, from, priority, sendAt, quietStart, quietEnd]) {
    control.addEventListener('change', changed);
  }

  function batch() {
    const to = toColumn.value;
    const body = {
      from: from.value.trim(),
      recipients: state.rows.map(row => {
        const vars = {};
        for (const column of state.columns) {
          if (column !== to) {
            vars[column] = row[column] === undefined ? '' : row[column];
          }
        }
        return {to: row[to] === undefined ? '' : row[to], vars};
      }),
      priority: priority.value,
    };
    if (template.value) {
      body.template = template.value;
    } else {
      body.text = text.value;
    }
    if (sendAt.value) {
      body.sendAt = new Date(sendAt.value).toISOString();
    }
    if (quietStart.value || quietEnd.value) {
      body.quietHours = {start: quietStart.value, end: quietEnd.value};
    }
    return body;
  }

  dryRun.addEventListener('click', async () => {
    if (!state.rows.length) {
      announce('Choose a CSV file or paste rows first.', 'error');
      return;
    }
    dryRun.disabled = true;
    const answer = await call('POST', '/v1/batches?dryRun=true', {body: batch()});
    dryRun.disabled = false;
    if (!answer.ok) {
      announce(`Dry run refused: ${answer.problem}`, 'error');
      replace(result);
      return;
    }
    state.checked = answer.body;
    state.idempotencyKey = crypto.randomUUID();
    send.disabled = answer.body.accepted === 0;
    showDryRun(result, answer.body);
    announce(`Dry run: ${num(answer.body.accepted)} would be sent, ${num(answer.body.rejected.length)} rejected.`);
  });

  send.addEventListener('click', async () => {
    if (!state.checked) {
      return;
    }
    send.disabled = true;
    const answer = await call('POST', '/v1/batches', {body: batch(),
      headers: {'Idempotency-Key': state.idempotencyKey}});
    if (!answer.ok) {
      send.disabled = false;
      announce(`Not sent: ${answer.problem}`, 'error');
      return;
    }
    // the file's name, so that the batch screen can number its rejected recipients by file line
    sessionStorage.setItem(`herald.sent.${answer.body.batchId}`, JSON.stringify({source: state.source}));
    announce(`Batch ${answer.body.batchId} accepted: ${num(answer.body.accepted)} messages.`);
    location.hash = `#/batches/${answer.body.batchId}`;
  });

  replace(view, h('h1', {}, 'Send'),
      h('form', {on: {submit: e => e.preventDefault()}},
          h('fieldset', {}, h('legend', {}, 'Recipients'),
              field('CSV file (a header line, then one recipient per line)', file),
              field('Or paste rows', pasted), readPasted, summary,
              field('Column with the phone number', toColumn, 'The other columns are the text\'s {{variables}}.')),
          h('fieldset', {}, h('legend', {}, 'Message'),
              field('From (sender id)', from),
              field('Text', text, 'Write {{column}} for a value of the recipient\'s row.'), counter,
              field('Or a template', template)),
          h('fieldset', {}, h('legend', {}, 'When'),
              field('Priority', priority),
              field('Send at (your local time; empty: now)', sendAt),
              h('div', {class: 'pair'}, field('Quiet hours from', quietStart), field('to', quietEnd))),
          h('div', {class: 'actions'}, dryRun, send)),
      result);

  call('GET', '/v1/templates').then(answer => {
    if (answer.ok) {
      for (const t of answer.body.templates) {
        templates.set(t.id, t.text);
        template.appendChild(h('option', {value: t.id}, `${t.id} (version ${t.version})`));
      }
    }
  });
}

function showDryRun(result, run) {
  const cost = run.estimatedCost ? `${run.estimatedCost.amount} ${run.estimatedCost.currency}` : 'no prices set';
  replace(result,
      h('h2', {id: 'result-title'}, 'Dry run'),
      h('dl', {class: 'counts'},
          h('dt', {}, 'Would be sent'), h('dd', {id: 'dry-accepted'}, num(run.accepted)),
          h('dt', {}, 'Rejected'), h('dd', {id: 'dry-rejected'}, num(run.rejected.length)),
          h('dt', {}, 'Segments'), h('dd', {}, num(run.segments)),
          h('dt', {}, 'Encodings'), h('dd', {}, Object.entries(run.encodings || {})
              .map(([e, n]) => `${e}: ${num(n)}`).join(', ') || '–'),
          h('dt', {}, 'Suppressed'), h('dd', {}, num((run.suppressed || []).length)),
          h('dt', {}, 'Estimated cost'), h('dd', {}, cost)),
      table('First messages as they will read', ['Row', 'To', 'Text', 'Encoding', 'Segments'],
          run.preview.map(p => [String(p.index + 2), p.to, p.text, p.encoding || '', String(p.segments)]),
          {id: 'preview'}),
      run.rejected.length ? table('Rejected rows (row = line in the file)', ['Row', 'To', 'Reason'],
          run.rejected.map(r => [String(r.index + 2), r.to || '', r.reason]), {id: 'rejected'}) : null,
      table('By country', ['Country', 'Recipients', 'Segments', 'Cost'],
          run.countries.map(c => [c.country, num(c.recipients), num(c.segments),
            c.cost === null ? '–' : String(c.cost)])));
}
