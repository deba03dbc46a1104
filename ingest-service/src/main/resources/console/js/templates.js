// Templates: the client's named templates (GET /v1/templates), edited with the live SMS count; each write names
// the version it replaces (If-Match), so two editors never overwrite each other unseen.
import {call} from './api.js';
import {smsCounter} from './counter.js';
import {announce, field, h, replace, table} from './dom.js';

export function renderTemplates(view) {
  const list = h('div', {id: 'template-list'}, 'Loading…');
  const id = h('input', {id: 'template-id', autocomplete: 'off', spellcheck: 'false', maxlength: 64});
  const text = h('textarea', {id: 'template-text', rows: 4});
  const counter = h('p', {id: 'template-counter', class: 'counter', 'aria-live': 'polite'}, 'Empty text');
  const count = smsCounter(() => text.value, counter);
  let version = null;
  text.addEventListener('input', count);
  // another id is another template: no version is expected of it
  id.addEventListener('input', () => {
    version = null;
  });

  async function load() {
    const answer = await call('GET', '/v1/templates');
    if (!answer.ok) {
      replace(list, `Could not list the templates: ${answer.problem}`);
      return;
    }
    const rows = answer.body.templates;
    replace(list, rows.length === 0 ? h('p', {}, 'No templates yet.') : table('Your templates',
        ['Id', 'Version', 'Updated', 'Text', ''], rows.map(t => [t.id, String(t.version), t.updatedAt, t.text,
          h('button', {type: 'button', on: {click: () => edit(t)}, 'aria-label': `Edit template ${t.id}`},
              'Edit')]), {id: 'templates'}));
  }

  function edit(t) {
    id.value = t.id;
    text.value = t.text;
    version = t.version;
    count();
    text.focus();
  }

  async function save(event) {
    event.preventDefault();
    const headers = version === null ? {} : {'If-Match': `"${version}"`};
    const answer = await call('PUT', `/v1/templates/${encodeURIComponent(id.value.trim())}`,
        {body: {text: text.value}, headers});
    if (!answer.ok) {
      announce(answer.status === 412 ? 'Someone changed this template since you opened it: reload and edit '
          + 'again.' : `Not saved: ${answer.problem}`, 'error');
      return;
    }
    version = answer.body.version;
    announce(`Template ${answer.body.id} saved as version ${answer.body.version}.`);
    load();
  }

  function clear() {
    id.value = '';
    text.value = '';
    version = null;
    count();
  }

  replace(view, h('h1', {}, 'Templates'), list,
      h('h2', {}, 'Write a template'),
      h('form', {on: {submit: save}, id: 'template-form'},
          field('Id', id, '1–64 letters, digits, dot, dash or underscore. An existing id is replaced.'),
          field('Text', text, 'Write {{name}} for a recipient\'s value.'), counter,
          h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'template-save'}, 'Save'),
              h('button', {type: 'button', on: {click: clear}}, 'New template'))));
  load();
}
