// Element building on the DOM API. Every value from the API or a file goes in as a Text node (textContent), never
// as HTML: nothing in the console parses a string as markup.

/**
 * Creates an element.
 * @param {string} tag the element's name
 * @param {Object} [attrs] attributes; `on` maps event names to listeners; `value`, `checked`, `disabled` and `hidden`
 *     are set as properties; null or undefined attributes are left out
 * @param {...(Node|string|number|null|undefined|Array)} children nodes, or text, or arrays of them
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'on') {
      for (const [event, listener] of Object.entries(value)) {
        element.addEventListener(event, listener);
      }
    } else if (['value', 'checked', 'disabled', 'hidden'].includes(name)) {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** A labelled form field: <label for=id>text</label> and the control. */
export function field(labelText, control, hint) {
  const hintId = hint ? `${control.id}-hint` : null;
  if (hintId) {
    control.setAttribute('aria-describedby', hintId);
  }
  return h('div', {class: 'field'},
      h('label', {for: control.id}, labelText),
      hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
      control);
}

/** A table with a caption, column headers and rows of cells (text or nodes). */
export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(text => h('th', {scope: 'col'}, text)))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(cell => h('td', {}, cell))))));
}

/** Shows a message in the page's live region (read out by screen readers). */
export function announce(text, kind = 'info') {
  const status = document.getElementById('status');
  status.className = kind;
  status.textContent = text;
}

/** Formats a number with thousands separators, or '–' for null. */
export function num(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString('en');
}
