// The ingest API, with the key of this tab (session storage only: never in a URL, a cookie or local storage).

const KEY = 'herald.apiKey';

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function signIn(apiKey) {
  sessionStorage.setItem(KEY, apiKey);
}

export function signOut() {
  sessionStorage.clear();
}

/**
 * Calls the API.
 * @param {string} method e.g. 'GET'
 * @param {string} path e.g. '/v1/batches?limit=20'
 * @param {Object} [options] `body` (sent as JSON), `headers`, `raw` (answer the text, not JSON)
 * @returns {Promise<{ok: boolean, status: number, body: any, text: string, problem: string|null}>} `problem` is
 *     the problem's detail (RFC 9457) of an error answer, with the pointer of each field at fault
 */
export async function call(method, path, options = {}) {
  const headers = {'Authorization': `Bearer ${sessionStorage.getItem(KEY) || ''}`, ...(options.headers || {})};
  let body;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body, cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    return {ok: false, status: 0, body: null, text: '', problem: `the ingest service did not answer (${e.message})`};
  }
  const text = await response.text();
  let json = null;
  if ((response.headers.get('Content-Type') || '').includes('json') && text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  let problem = null;
  if (!response.ok) {
    problem = json && json.detail ? json.detail : `HTTP ${response.status}`;
    if (json && Array.isArray(json.errors) && json.errors.length) {
      problem += ' (' + json.errors.map(e => `${e.pointer}: ${e.detail}`).join('; ') + ')';
    }
    if (response.status === 401) {
      problem = 'The API key was refused. Sign in again.';
    }
  }
  return {ok: response.ok, status: response.status, body: json, text, problem};
}
