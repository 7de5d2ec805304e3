// The service's HTTP API as the screen calls it, and its problems (RFC 9457) shown next to their fields.
// Holds the session's anti-forgery token; tells the session when the service ended it.

class Unreachable extends Error {}

const ANTIFORGERY_REFUSED = 'Anti-forgery check failed';

let antiforgery = null;
let signedIn = false;
let sessionEnded = () => {};

// The session module says when a user is signed in, and what to do when the service ends the session.
export function setSignedIn(value) {
  signedIn = value;
  if (!value) {
    antiforgery = null;
  }
}

export function whenSessionEnds(handler) {
  sessionEnded = handler;
}

export async function api(method, path, body, retried) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && antiforgery) {
    headers[antiforgery.headerName] = antiforgery.token;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new Unreachable('The service cannot be reached. Check the connection and try again.');
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : null;
  // The request token is bound to the signed-in user's claims; when they change (a new profile), the
  // token is refused once and a fresh one is fetched.
  if (response.status === 400 && data && data.title === ANTIFORGERY_REFUSED && !retried && !path.startsWith('/ui/sign-in')) {
    await refreshAntiforgery();
    return api(method, path, body, true);
  }
  if (response.status === 401 && signedIn && !path.startsWith('/ui/sign-in')) {
    sessionEnded('Your session has ended. Sign in again.');
  }
  return { ok: response.ok, status: response.status, data };
}

export async function refreshAntiforgery() {
  const result = await api('GET', '/ui/antiforgery');
  antiforgery = result.ok ? result.data : null;
}

// Follows the cursors of a list endpoint.
export async function listAll(path) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const result = await api('GET', path + separator + 'limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    if (!result.ok) {
      throw new Error(problemText(result));
    }
    items.push(...result.data.items);
    cursor = result.data.next;
    if (!cursor) {
      break;
    }
  }
  return items;
}

// ---- Problems next to their fields ---------------------------------------------------------------

export function problemText(result) {
  const data = result.data || {};
  return data.detail || data.title || 'The request failed (' + result.status + ').';
}

function fieldKey(key) {
  const name = String(key).replace(/^\$\.?/, '').replace(/\[\d+\]$/, '').split('.')[0];
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function clearErrors(scope) {
  scope.querySelectorAll('.field-error, .form-error').forEach((element) => { element.textContent = ''; });
  scope.querySelectorAll('[aria-invalid]').forEach((element) => element.removeAttribute('aria-invalid'));
}

export function errorSlot(scope, key) {
  return Array.from(scope.querySelectorAll('[data-error-for]'))
    .find((element) => element.dataset.errorFor.split(' ').includes(key));
}

// Shows each field error next to its field and the detail in the form's own box when no field took it.
export function showProblem(scope, formError, result) {
  clearErrors(scope);
  const errors = (result.data && result.data.errors) || {};
  const unplaced = [];
  let placed = 0;
  for (const [key, messages] of Object.entries(errors)) {
    const slot = errorSlot(scope, fieldKey(key));
    const text = [].concat(messages).join(' ');
    if (slot) {
      slot.textContent = slot.textContent ? slot.textContent + ' ' + text : text;
      markInvalid(scope, fieldKey(key), slot);
      placed++;
    } else {
      unplaced.push(text);
    }
  }
  formError.textContent = unplaced.length > 0 ? unplaced.join(' ') : placed > 0 ? '' : problemText(result);
  const first = scope.querySelector('[aria-invalid="true"]');
  if (first) {
    first.focus();
  }
}

// The control a field's error is about: the one named by data-field, else the first of its field.
export function markInvalid(scope, key, slot) {
  const field = slot.closest('.field');
  const control = scope.querySelector(`[data-field~="${CSS.escape(key)}"]`)
    || (field && field.querySelector('input:not([type=radio]), select'));
  if (control) {
    control.setAttribute('aria-invalid', 'true');
  }
}

export function showFailure(formError, error) {
  formError.textContent = error instanceof Error ? error.message : String(error);
}
