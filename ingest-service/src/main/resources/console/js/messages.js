// Message lookup: a message's latest state and its history (GET /v1/messages/{id}).
import {call} from './api.js';
import {field, h, replace, table} from './dom.js';

export function renderMessages(view, initial) {
  const id = h('input', {id: 'message-id', autocomplete: 'off', spellcheck: 'false', value: initial || ''});
  const out = h('section', {id: 'message', 'aria-live': 'polite'});

  async function lookup(event) {
    if (event) {
      event.preventDefault();
    }
    const messageId = id.value.trim();
    if (!messageId) {
      return;
    }
    const answer = await call('GET', `/v1/messages/${encodeURIComponent(messageId)}`);
    if (!answer.ok) {
      replace(out, h('p', {}, answer.status === 404 ? 'No status of that message: the id is unknown, or it is '
          + 'still queued.' : answer.problem));
      return;
    }
    const m = answer.body;
    replace(out, h('h2', {}, 'Message ', h('code', {}, m.messageId)),
        h('p', {}, 'Batch: ', h('a', {href: `#/batches/${m.batchId}`}, m.batchId)),
        h('p', {}, 'State: ', h('strong', {id: 'message-state'}, m.state), ` since ${m.updatedAt}`),
        table('History, oldest first', ['State', 'At', 'Gateway', 'Error code', 'Attempt'],
            m.history.map(e => [e.state, e.at, e.gateway || '', e.errorCode || '',
              e.attempt === null ? '' : String(e.attempt)]), {id: 'message-history'}));
  }

  replace(view, h('h1', {}, 'Message lookup'),
      h('form', {on: {submit: lookup}}, field('Message id', id, 'From the batch\'s report or the API\'s 202 answer.'),
          h('button', {type: 'submit'}, 'Look up')), out);
  if (initial) {
    lookup();
  }
}
