// Suppressions: the client's own list of recipients never to send to (PUT, GET, DELETE /v1/suppressions/{recipient}).
import {call} from './api.js';
import {announce, field, h, replace} from './dom.js';

export function renderSuppressions(view) {
  const recipient = h('input', {id: 'suppression-recipient', autocomplete: 'off', spellcheck: 'false'});
  const reason = h('input', {id: 'suppression-reason', autocomplete: 'off', maxlength: 256});
  const out = h('p', {id: 'suppression-result', 'aria-live': 'polite'});

  async function act(method) {
    const value = recipient.value.trim();
    if (!value) {
      recipient.focus();
      return;
    }
    const path = `/v1/suppressions/${encodeURIComponent(value)}`;
    const answer = await call(method, path, method === 'PUT' ? {body: reason.value ? {reason: reason.value} : {}}
        : {});
    if (!answer.ok) {
      announce(answer.problem, 'error');
      return;
    }
    if (method === 'GET') {
      replace(out, answer.body.recipient, answer.body.suppressed ? ' is on your suppression list.'
          : ' is not on your suppression list.');
    } else if (method === 'PUT') {
      replace(out, answer.body.recipient, ' added: no message of yours will go to it.');
    } else {
      replace(out, value, ' removed from your list (entries of others, such as a STOP reply, still apply).');
    }
  }

  replace(view, h('h1', {}, 'Suppressions'),
      h('form', {on: {submit: e => {
        e.preventDefault();
        act('GET');
      }}},
      field('Phone number or e-mail address', recipient, 'E.164 (+4791234567) or a national number.'),
      field('Reason (optional, when adding)', reason),
      h('div', {class: 'actions'},
          h('button', {type: 'submit', id: 'suppression-lookup'}, 'Look up'),
          h('button', {type: 'button', id: 'suppression-add', on: {click: () => act('PUT')}}, 'Add'),
          h('button', {type: 'button', id: 'suppression-remove', on: {click: () => act('DELETE')}}, 'Remove'))),
      out);
}
