import {call, signIn, signOut} from './api.js';
import {announce, field, h, replace} from './dom.js';

/** The sign-in form: the key is tried with GET /v1/batches?limit=1 and kept in this tab only. */
export function renderSignIn(view, done) {
  const key = h('input', {id: 'api-key', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false'});
  const form = h('form', {on: {submit: async event => {
    event.preventDefault();
    signIn(key.value.trim());
    const answer = await call('GET', '/v1/batches?limit=1');
    if (answer.status === 401 || answer.status === 0) {
      signOut();
      announce(answer.status === 401 ? 'That API key was refused.' : answer.problem, 'error');
      key.focus();
      return;
    }
    done();
  }}},
  field('API key', key, 'The key stays in this browser tab (session storage) until you sign out or close it.'),
  h('button', {type: 'submit'}, 'Sign in'));
  replace(view, h('h1', {}, 'Sign in'), form);
  key.focus();
}
