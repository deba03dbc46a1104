// Templates: the client's named templates (GET /v1/templates), edited with the live SMS count; each write names
// the version it replaces (If-Match), so two editors never overwrite each other unseen; a template's kept versions,
// whose texts can be taken back into the editor.
import {call} from './api.js';
import {smsCounter} from './counter.js';
import {announce, field, h, replace, table} from './dom.js';

export function renderTemplates(view) {
  const list = h('div', {id: 'template-list'}, 'Loading…');
  const id = h('input', {id: 'template-id', autocomplete: 'off', spellcheck: 'false', maxlength: 64});
  const text = h('textarea', {id: 'template-text', rows: 4});
  const counter = h('p', {id: 'template-counter', class: 'counter', 'aria-live': 'polite'}, 'Empty text');
  const count = smsCounter(() => text.value, counter);
  const versions = h('div', {id: 'template-versions-box', 'aria-live': 'polite'});
  let version = null;
  let versionsOf = null;
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
          h('span', {class: 'actions'},
              h('button', {type: 'button', on: {click: () => edit(t)}, 'aria-label': `Edit template ${t.id}`},
                  'Edit'),
              h('button', {type: 'button', on: {click: () => showVersions(t.id)},
                'aria-label': `Versions of template ${t.id}`}, 'Versions'))]), {id: 'templates'}));
  }

  // The kept versions of one template (GET /v1/templates/{id}/versions); an earlier text is restored by editing it
  // and saving: a new version, written only if the template is still at the version shown.
  async function showVersions(templateId) {
    versionsOf = templateId;
    const answer = await call('GET', `/v1/templates/${encodeURIComponent(templateId)}/versions`);
    if (!answer.ok) {
      replace(versions, h('p', {}, `Could not read the versions of ${templateId}: ${answer.problem}`));
      return;
    }
    const current = answer.body.versions[0].version;
    replace(versions, table(`Versions of ${answer.body.id}, newest first (the five newest are kept)`,
        ['Version', 'Updated', 'Text', ''], answer.body.versions.map(v => [String(v.version), v.updatedAt, v.text,
          h('button', {type: 'button', 'aria-label': `Use the text of version ${v.version}`,
            on: {click: () => edit({id: answer.body.id, text: v.text, version: current})}}, 'Use this text')]),
        {id: 'template-versions'}));
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
    if (versionsOf === answer.body.id) {
      showVersions(versionsOf);
    }
  }

  function clear() {
    id.value = '';
    text.value = '';
    version = null;
    count();
  }

  replace(view, h('h1', {}, 'Templates'), list, versions,
      h('h2', {}, 'Write a template'),
      h('form', {on: {submit: save}, id: 'template-form'},
          field('Id', id, '1–64 letters, digits, dot, dash or underscore. An existing id is replaced.'),
          field('Text', text, 'Write {{name}} for a recipient\'s value.'), counter,
          h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'template-save'}, 'Save'),
              h('button', {type: 'button', on: {click: clear}}, 'New template'))));
  load();
}
