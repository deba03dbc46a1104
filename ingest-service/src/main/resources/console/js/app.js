// The console's router: one screen per location hash (#/send, #/batches, #/batches/<id>, …).
import {signedIn, signOut} from './api.js';
import {announce} from './dom.js';
import {renderSignIn} from './signin.js';
import {renderSend} from './send.js';
import {renderBatches, renderBatch} from './batches.js';
import {renderMessages} from './messages.js';
import {renderTemplates} from './templates.js';
import {renderSuppressions} from './suppressions.js';

let leave = null;

function route() {
  if (leave) {
    leave();
    leave = null;
  }
  const view = document.getElementById('view');
  const nav = document.getElementById('nav');
  announce('');
  if (!signedIn()) {
    nav.hidden = true;
    renderSignIn(view, () => {
      if (location.hash === '#/send') {
        route();
      } else {
        location.hash = '#/send';
      }
    });
    return;
  }
  nav.hidden = false;
  const hash = location.hash || '#/send';
  for (const link of nav.querySelectorAll('a')) {
    if (hash.startsWith(link.getAttribute('href'))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const batch = hash.match(/^#\/batches\/([A-Za-z0-9_.:-]{1,64})$/);
  if (batch) {
    leave = renderBatch(view, batch[1]);
  } else if (hash.startsWith('#/batches')) {
    leave = renderBatches(view);
  } else if (hash.startsWith('#/messages')) {
    renderMessages(view, decodeURIComponent(hash.substring('#/messages/'.length)));
  } else if (hash.startsWith('#/templates')) {
    renderTemplates(view);
  } else if (hash.startsWith('#/suppressions')) {
    renderSuppressions(view);
  } else {
    renderSend(view);
  }
  view.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '';
  route();
});
window.addEventListener('hashchange', route);
route();
