// The AccessTokens admin screen: plain JavaScript over the service's own HTTP API, no build step.
// The value of a new token lives only in the dialog that shows it, and is removed with it.
'use strict';

(() => {
  const PAGE_SIZE = 20;
  const DEFAULT_PROFILES = ['Administrator', 'User'];

  const state = {
    user: null,
    antiforgery: null,
    timeZone: 'UTC',
    users: [],
    profiles: DEFAULT_PROFILES,
    tokens: { cursors: [null], index: 0, next: null, filters: { user: '', status: '', search: '' } },
    userPages: { cursors: [null], index: 0, next: null },
    revoking: null,
  };

  const $ = (id) => document.getElementById(id);

  // ---- HTTP ---------------------------------------------------------------------------------------

  class Unreachable extends Error {}

  const ANTIFORGERY_REFUSED = 'Anti-forgery check failed';

  async function api(method, path, body, retried) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && state.antiforgery) {
      headers[state.antiforgery.headerName] = state.antiforgery.token;
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
    if (response.status === 401 && state.user && !path.startsWith('/ui/sign-in')) {
      endSession('Your session has ended. Sign in again.');
    }
    return { ok: response.ok, status: response.status, data };
  }

  async function refreshAntiforgery() {
    const result = await api('GET', '/ui/antiforgery');
    state.antiforgery = result.ok ? result.data : null;
  }

  // Follows the cursors of a list endpoint.
  async function listAll(path) {
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

  function problemText(result) {
    const data = result.data || {};
    return data.detail || data.title || 'The request failed (' + result.status + ').';
  }

  function fieldKey(key) {
    const name = String(key).replace(/^\$\.?/, '').replace(/\[\d+\]$/, '').split('.')[0];
    return name.charAt(0).toLowerCase() + name.slice(1);
  }

  function clearErrors(scope) {
    scope.querySelectorAll('.field-error, .form-error').forEach((element) => { element.textContent = ''; });
    scope.querySelectorAll('[aria-invalid]').forEach((element) => element.removeAttribute('aria-invalid'));
  }

  function errorSlot(scope, key) {
    return Array.from(scope.querySelectorAll('[data-error-for]'))
      .find((element) => element.dataset.errorFor.split(' ').includes(key));
  }

  // Shows each field error next to its field and the detail in the form's own box when no field took it.
  function showProblem(scope, formError, result) {
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
  function markInvalid(scope, key, slot) {
    const field = slot.closest('.field');
    const control = scope.querySelector(`[data-field~="${CSS.escape(key)}"]`)
      || (field && field.querySelector('input:not([type=radio]), select'));
    if (control) {
      control.setAttribute('aria-invalid', 'true');
    }
  }

  function showFailure(formError, error) {
    formError.textContent = error instanceof Error ? error.message : String(error);
  }

  // ---- Dates in the service time zone ---------------------------------------------------------------

  function formatInstant(iso) {
    if (!iso) {
      return null;
    }
    const parts = {};
    new Intl.DateTimeFormat('en-GB', {
      timeZone: state.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso)).forEach((part) => { parts[part.type] = part.value; });
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }

  function timeElement(iso, empty) {
    if (!iso) {
      return text('span', empty, 'muted');
    }
    const element = document.createElement('time');
    element.dateTime = iso;
    element.textContent = formatInstant(iso);
    return element;
  }

  function todayInServiceZone() {
    const parts = {};
    new Intl.DateTimeFormat('en-GB', { timeZone: state.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date()).forEach((part) => { parts[part.type] = part.value; });
    return `${parts.year}-${parts.month}-${parts.day}`;
  }

  // ---- DOM helpers ---------------------------------------------------------------------------------

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function cell(label, ...children) {
    const element = document.createElement('td');
    element.dataset.label = label;
    element.append(...children);
    return element;
  }

  function option(value, label, selected) {
    const element = new Option(label, value, false, selected);
    return element;
  }

  // Each dialog remembers where focus goes back to when it closes.
  function openDialog(dialog, focus, returnTo) {
    dialog.returnTo = returnTo || document.activeElement;
    dialog.showModal();
    if (focus) {
      focus.focus();
    }
  }

  function restoreFocus(event) {
    const dialog = event.target;
    const target = dialog.returnTo;
    dialog.returnTo = null;
    // A dialog closed to make way for another leaves focus to the one now open.
    if (target && document.contains(target) && !document.querySelector('dialog[open]')) {
      target.focus();
    }
  }

  // ---- Session -------------------------------------------------------------------------------------

  async function start() {
    bindEvents();
    try {
      const session = await api('GET', '/ui/session');
      if (session.ok) {
        await enter(session.data.user);
      } else {
        await showSignIn('');
      }
    } catch (error) {
      await showSignIn(error.message);
    } finally {
      $('starting').hidden = true;
    }
  }

  async function showSignIn(message) {
    state.user = null;
    $('app-view').hidden = true;
    $('account').hidden = true;
    $('sign-in-view').hidden = false;
    clearErrors($('sign-in-form'));
    $('sign-in-error').textContent = message || '';
    $('sign-in-login').focus();
  }

  function endSession(message) {
    // Forget everything the screen showed, then ask for credentials again.
    document.querySelectorAll('dialog[open]').forEach((dialog) => dialog.close());
    $('tokens-table').tBodies[0].replaceChildren();
    $('users-table').tBodies[0].replaceChildren();
    state.users = [];
    state.antiforgery = null;
    showSignIn(message);
  }

  async function signIn(event) {
    event.preventDefault();
    const form = $('sign-in-form');
    clearErrors(form);
    const button = $('sign-in-submit');
    button.disabled = true;
    try {
      await refreshAntiforgery();
      const result = await api('POST', '/ui/sign-in', { login: $('sign-in-login').value.trim(), password: $('sign-in-password').value });
      if (!result.ok) {
        showProblem(form, $('sign-in-error'), result);
        if (result.status === 401 || result.status === 403) {
          $('sign-in-password').value = '';
          $('sign-in-password').focus();
        }
        return;
      }
      $('sign-in-password').value = '';
      await enter(result.data.user);
    } catch (error) {
      showFailure($('sign-in-error'), error);
    } finally {
      button.disabled = false;
    }
  }

  async function enter(login) {
    state.user = login;
    await refreshAntiforgery();
    const settings = await api('GET', '/ui/settings');
    if (settings.ok) {
      state.timeZone = settings.data.timeZone;
    }
    $('account-name').textContent = login;
    $('account').hidden = false;
    $('sign-in-view').hidden = true;
    $('app-view').hidden = false;
    $('tokens-zone').textContent = `Dates and times in the service time zone, ${state.timeZone}.`;
    await loadUsers();
    await route();
  }

  async function signOut() {
    try {
      await api('POST', '/ui/sign-out');
    } finally {
      endSession('You are signed out.');
      $('sign-in-login').value = '';
    }
  }

  // ---- Navigation ----------------------------------------------------------------------------------

  async function route() {
    if (!state.user) {
      return;
    }
    const users = location.hash === '#users';
    $('tokens-view').hidden = users;
    $('users-view').hidden = !users;
    $(users ? 'nav-users' : 'nav-tokens').setAttribute('aria-current', 'page');
    $(users ? 'nav-tokens' : 'nav-users').removeAttribute('aria-current');
    $('crumb-current').textContent = users ? 'Users' : 'Access Tokens';
    document.title = (users ? 'Users' : 'Access Tokens') + ' · AccessTokens administration';
    if (users) {
      await loadUserPage();
    } else {
      fillUserFilter();
      await loadTokenPage();
    }
  }

  // ---- Users for pickers and filters ----------------------------------------------------------------

  async function loadUsers() {
    try {
      state.users = await listAll('/api/v1/users');
    } catch (error) {
      state.users = [];
      showFailure($('tokens-error'), error);
    }
    try {
      state.profiles = (await listAll('/api/v1/profiles')).map((profile) => profile.name);
    } catch {
      state.profiles = DEFAULT_PROFILES;
    }
  }

  function fillUserFilter() {
    const select = $('filter-user');
    const current = state.tokens.filters.user;
    select.replaceChildren(option('', 'All users', current === ''));
    for (const user of state.users) {
      select.append(option(user.login, userLabel(user), user.login === current));
    }
  }

  // The user's name, with the login beneath it when they differ.
  function userNames(user, login) {
    if (!user || !user.name || user.name === login) {
      return [text('span', login)];
    }
    const names = document.createElement('div');
    names.append(text('span', user.name), text('span', login, 'user-login'));
    return [names];
  }

  function userLabel(user) {
    return user.name && user.name !== user.login ? `${user.name} (${user.login})` : user.login;
  }

  // ---- Access tokens list ----------------------------------------------------------------------------

  async function loadTokenPage() {
    const paging = state.tokens;
    const filters = paging.filters;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (filters.user) query.set('user', filters.user);
    if (filters.status) query.set('status', filters.status);
    if (filters.search) query.set('search', filters.search);
    const cursor = paging.cursors[paging.index];
    if (cursor) query.set('cursor', cursor);

    const table = $('tokens-table');
    table.setAttribute('aria-busy', 'true');
    const form = $('token-filters');
    clearErrors(form);
    try {
      const result = await api('GET', '/api/v1/access-tokens?' + query);
      if (!result.ok) {
        if (result.status !== 401) {
          showProblem(form, $('tokens-error'), result);
        }
        return;
      }
      const body = table.tBodies[0];
      body.replaceChildren(...result.data.items.map(tokenRow));
      $('tokens-empty').hidden = result.data.items.length > 0;
      paging.next = result.data.next;
      $('tokens-page').textContent = `Page ${paging.index + 1}`;
      $('tokens-prev').disabled = paging.index === 0;
      $('tokens-next').disabled = !paging.next;
    } catch (error) {
      showFailure($('tokens-error'), error);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function tokenRow(token) {
    const row = document.createElement('tr');
    row.dataset.tokenId = token.id;
    fillTokenRow(row, token);
    return row;
  }

  function fillTokenRow(row, token) {
    const name = document.createElement('div');
    name.append(text('span', token.name, 'token-name'), text('span', token.resources.join(', '), 'resources'));
    const user = state.users.find((candidate) => candidate.login === token.user);

    const status = document.createElement('div');
    status.className = 'status-cell';
    status.tabIndex = -1;
    status.append(text('span', statusLabel(token.status), 'badge badge-' + token.status));
    if (token.status === 'revoked' && token.revokedAt) {
      const when = document.createElement('span');
      when.className = 'revoked-at';
      when.append('on ', timeElement(token.revokedAt, ''));
      if (token.revokedBy) {
        when.append(' by ' + token.revokedBy);
      }
      status.append(when);
    }

    const actions = document.createElement('div');
    actions.className = 'row-actions';
    if (token.status !== 'revoked') {
      const revoke = text('button', 'Revoke', 'danger-outline');
      revoke.type = 'button';
      revoke.setAttribute('aria-label', `Revoke ${token.name} (${token.user})`);
      revoke.addEventListener('click', () => askRevoke(token, row));
      actions.append(revoke);
    }

    row.replaceChildren(
      cell('Name', name),
      cell('User', ...userNames(user, token.user)),
      cell('Expiry Date', token.expiryDate ? text('span', token.expiryDate) : text('span', 'unlimited', 'muted')),
      cell('Date of last use', timeElement(token.lastUsedAt, 'never')),
      cell('Status', status),
      cell('', actions));
    row.classList.toggle('is-revoked', token.status === 'revoked');
  }

  function statusLabel(status) {
    return { active: 'Active', expired: 'Expired', revoked: 'Revoked' }[status] || status;
  }

  function applyFilters(event) {
    if (event) {
      event.preventDefault();
    }
    state.tokens.filters = {
      user: $('filter-user').value,
      status: $('filter-status').value,
      search: $('filter-search').value.trim(),
    };
    state.tokens.cursors = [null];
    state.tokens.index = 0;
    return loadTokenPage();
  }

  // ---- Revoke ------------------------------------------------------------------------------------------

  function askRevoke(token, row) {
    state.revoking = { token, row };
    $('revoke-name').textContent = token.name;
    $('revoke-user').textContent = token.user;
    $('revoke-error').textContent = '';
    openDialog($('revoke-dialog'), $('revoke-cancel'));
  }

  async function confirmRevoke() {
    const revoking = state.revoking;
    if (!revoking) {
      return;
    }
    const button = $('revoke-confirm');
    button.disabled = true;
    try {
      const path = '/api/v1/access-tokens/' + encodeURIComponent(revoking.token.id);
      const revoked = await api('DELETE', path);
      if (!revoked.ok) {
        $('revoke-error').textContent = problemText(revoked);
        return;
      }
      const read = await api('GET', path);
      if (!read.ok) {
        $('revoke-error').textContent = problemText(read);
        return;
      }
      fillTokenRow(revoking.row, read.data);
      $('revoke-dialog').returnTo = revoking.row.querySelector('.status-cell');
      $('revoke-dialog').close();
    } catch (error) {
      showFailure($('revoke-error'), error);
    } finally {
      button.disabled = false;
    }
  }

  // ---- New token ---------------------------------------------------------------------------------------

  const resourceCatalogue = { items: null, request: 0 };

  async function openNewToken() {
    const form = $('new-token-form');
    form.reset();
    clearErrors(form);
    $('new-token-date').min = todayInServiceZone();
    await loadUsers();
    const select = $('new-token-user');
    select.replaceChildren(option('', 'Choose a user…', true));
    for (const user of state.users) {
      const entry = option(user.login, userLabel(user) + (user.active ? '' : ' — disabled'), false);
      entry.disabled = !user.active;
      select.append(entry);
    }
    if (state.tokens.filters.user && state.users.some((user) => user.login === state.tokens.filters.user && user.active)) {
      select.value = state.tokens.filters.user;
    }
    try {
      resourceCatalogue.items = await listAll('/api/v1/resources');
    } catch {
      resourceCatalogue.items = null;
    }
    await showResourceChoices();
    openDialog($('new-token-dialog'), $('new-token-name'));
  }

  // The resources a token may open: the catalogue entries the user's profile allows; a comma-separated
  // list when the catalogue could not be read.
  async function showResourceChoices() {
    const container = $('new-token-resources-field');
    const login = $('new-token-user').value;
    // Only the answer for the user chosen last may fill the field.
    const request = ++resourceCatalogue.request;
    const catalogue = resourceCatalogue.items;
    const chosen = chosenResources();
    if (!catalogue) {
      container.replaceChildren(...freeTextResources(chosen));
      return;
    }
    let allowed = catalogue.map((resource) => ({ name: resource.name, description: resource.description, access: null }));
    const user = state.users.find((candidate) => candidate.login === login);
    if (user) {
      const profile = await api('GET', '/api/v1/profiles/' + encodeURIComponent(user.profile));
      if (request !== resourceCatalogue.request) {
        return;
      }
      if (profile.ok && !profile.data.allResources) {
        const byName = new Map(catalogue.map((resource) => [resource.name, resource]));
        allowed = (profile.data.resources || []).map((grant) => ({
          name: grant.resource,
          description: (byName.get(grant.resource) || {}).description,
          access: grant.access,
        }));
      }
    }
    container.replaceChildren(...catalogueResources(allowed, user, chosen));
  }

  function freeTextResources(chosen) {
    const label = text('label', 'Resources');
    label.htmlFor = 'new-token-resources';
    const input = document.createElement('input');
    input.id = 'new-token-resources';
    input.dataset.field = 'resources';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.placeholder = 'requests, assets';
    input.value = chosen.join(', ');
    input.setAttribute('aria-describedby', 'new-token-resources-hint new-token-resources-error');
    const hint = text('p', 'Names of the API resources the token opens, separated by commas.', 'hint');
    hint.id = 'new-token-resources-hint';
    return [label, input, hint, resourceError()];
  }

  function catalogueResources(allowed, user, chosen) {
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'resource-list';
    fieldset.setAttribute('aria-describedby', 'new-token-resources-error');
    fieldset.append(text('legend', 'Resources'));
    if (allowed.length === 0) {
      fieldset.append(text('p', user ? `The profile ${user.profile} opens no resource.` : 'No resources are defined.', 'hint'));
    }
    allowed.forEach((resource, index) => {
      const row = document.createElement('div');
      row.className = 'choice resource-choice';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = 'new-token-resource-' + index;
      box.value = resource.name;
      box.name = 'resources';
      box.dataset.field = 'resources';
      box.checked = chosen.includes(resource.name);
      const label = text('label', resource.name);
      label.htmlFor = box.id;
      if (resource.access) {
        label.append(text('span', ` (${resource.access})`, 'muted'));
      }
      if (resource.description) {
        label.append(text('span', ' — ' + resource.description, 'muted'));
      }
      row.append(box, label);
      fieldset.append(row);
    });
    if (!user) {
      fieldset.append(text('p', 'Choose a user to see what its profile opens.', 'hint'));
    }
    return [fieldset, resourceError()];
  }

  function resourceError() {
    const error = text('p', '', 'field-error');
    error.id = 'new-token-resources-error';
    error.dataset.errorFor = 'resources';
    return error;
  }

  function chosenResources() {
    const input = $('new-token-resources');
    if (input) {
      return input.value.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
    }
    return Array.from(document.querySelectorAll('#new-token-resources-field input[type=checkbox]:checked')).map((box) => box.value);
  }

  function expiryKind() {
    return document.querySelector('input[name="expiry-kind"]:checked').value;
  }

  // Choosing a period or a date selects its kind of expiry.
  function chooseExpiry(kind) {
    $('expiry-kind-' + kind).checked = true;
  }

  async function generate(event) {
    event.preventDefault();
    const form = $('new-token-form');
    clearErrors(form);
    const body = { name: $('new-token-name').value, user: $('new-token-user').value, resources: chosenResources() };
    const kind = expiryKind();
    if (kind === 'period') {
      body.expiresInDays = Number($('new-token-period').value);
    } else if (kind === 'date') {
      // An empty date is sent as such, so the service's own message explains what it needs.
      body.expiryDate = $('new-token-date').value || null;
    }
    if (body.expiryDate === null) {
      const slot = errorSlot(form, 'expiryDate');
      slot.textContent = 'Choose an expiry date, or another kind of expiry.';
      markInvalid(form, 'expiryDate', slot);
      $('new-token-date').focus();
      return;
    }
    const button = $('new-token-generate');
    button.disabled = true;
    try {
      const result = await api('POST', '/api/v1/access-tokens', body);
      if (!result.ok) {
        showProblem(form, $('new-token-error'), result);
        return;
      }
      const created = result.data;
      $('new-token-dialog').close();
      showValue(created.token);
      delete created.token;
      await loadTokenFirstPage();
    } catch (error) {
      showFailure($('new-token-error'), error);
    } finally {
      button.disabled = false;
    }
  }

  async function loadTokenFirstPage() {
    state.tokens.cursors = [null];
    state.tokens.index = 0;
    await loadTokenPage();
  }

  // ---- The value, once -------------------------------------------------------------------------------

  function showValue(value) {
    const slot = $('token-value-slot');
    const label = text('label', 'Access token value');
    label.htmlFor = 'token-value';
    const input = document.createElement('input');
    input.id = 'token-value';
    input.readOnly = true;
    input.spellcheck = false;
    input.autocomplete = 'off';
    input.value = value;
    slot.replaceChildren(label, input);
    $('token-copy-status').textContent = '';
    openDialog($('token-value-dialog'), input, $('new-token'));
    input.select();
    // As the product does: the value goes to the clipboard at once; Copy does it again.
    copyValue(true);
  }

  async function copyValue(automatic) {
    const input = $('token-value');
    if (!input) {
      return;
    }
    const status = $('token-copy-status');
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = automatic === true ? 'The value was copied to the clipboard.' : 'Copied to the clipboard.';
    } catch {
      input.select();
      status.textContent = automatic === true
        ? 'Select the value and copy it, or use Copy.'
        : 'The browser refused the clipboard: the value is selected, copy it with Ctrl+C.';
    }
  }

  function forgetValue() {
    // Closing by button or Escape: the value leaves the page, and nothing kept a copy of it.
    $('token-value-slot').replaceChildren();
    $('token-copy-status').textContent = '';
  }

  // ---- Users screen ------------------------------------------------------------------------------------

  async function loadUserPage() {
    const paging = state.userPages;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const cursor = paging.cursors[paging.index];
    if (cursor) query.set('cursor', cursor);
    const table = $('users-table');
    table.setAttribute('aria-busy', 'true');
    $('users-error').textContent = '';
    try {
      const result = await api('GET', '/api/v1/users?' + query);
      if (!result.ok) {
        if (result.status !== 401) {
          $('users-error').textContent = problemText(result);
        }
        return;
      }
      table.tBodies[0].replaceChildren(...result.data.items.map(userRow));
      $('users-empty').hidden = result.data.items.length > 0;
      paging.next = result.data.next;
      $('users-page').textContent = `Page ${paging.index + 1}`;
      $('users-prev').disabled = paging.index === 0;
      $('users-next').disabled = !paging.next;
    } catch (error) {
      showFailure($('users-error'), error);
    } finally {
      table.removeAttribute('aria-busy');
    }
  }

  function userRow(user) {
    const row = document.createElement('tr');
    row.dataset.login = user.login;
    fillUserRow(row, user);
    return row;
  }

  function fillUserRow(row, user) {
    const id = 'profile-' + user.login;
    const profileField = document.createElement('div');
    profileField.className = 'field inline';
    const label = text('label', `Profile of ${user.login}`, 'visually-hidden');
    label.htmlFor = id;
    const select = document.createElement('select');
    select.id = id;
    select.dataset.field = 'profile';
    const profiles = state.profiles.includes(user.profile) ? state.profiles : [...state.profiles, user.profile];
    profiles.forEach((profile) => select.append(option(profile, profile, profile === user.profile)));
    const error = text('p', '', 'field-error');
    error.id = id + '-error';
    error.dataset.errorFor = 'profile';
    select.setAttribute('aria-describedby', error.id);
    select.addEventListener('change', () => updateUser(row, user, { profile: select.value }));
    profileField.append(label, select, error);

    const statusCell = document.createElement('div');
    statusCell.className = 'status-cell';
    statusCell.tabIndex = -1;
    statusCell.append(text('span', user.active ? 'Active' : 'Disabled', 'badge ' + (user.active ? 'badge-active' : 'badge-disabled')));
    const activeError = text('p', '', 'field-error');
    activeError.dataset.errorFor = 'active';
    statusCell.append(activeError);

    const toggle = text('button', user.active ? 'Disable' : 'Enable', user.active ? 'danger-outline' : '');
    toggle.type = 'button';
    toggle.dataset.field = 'active';
    toggle.setAttribute('aria-label', `${user.active ? 'Disable' : 'Enable'} ${user.login}`);
    toggle.addEventListener('click', () => updateUser(row, user, { active: !user.active }));

    row.replaceChildren(
      cell('Login', text('span', user.login, 'login')),
      cell('Name', text('span', user.name)),
      cell('Profile', profileField),
      cell('Tokens', text('span', String(user.tokenCount))),
      cell('Created', timeElement(user.createdAt, '')),
      cell('Status', statusCell),
      cell('', toggle));
    row.classList.toggle('is-disabled', !user.active);
  }

  async function updateUser(row, user, changes) {
    const error = $('users-error');
    error.textContent = '';
    try {
      const result = await api('PATCH', '/api/v1/users/' + encodeURIComponent(user.login), changes);
      if (!result.ok) {
        fillUserRow(row, user);
        showProblem(row, error, result);
        return;
      }
      const focusLabel = 'active' in changes ? '.status-cell' : 'select';
      fillUserRow(row, result.data);
      const index = state.users.findIndex((candidate) => candidate.login === user.login);
      if (index >= 0) {
        state.users[index] = result.data;
      }
      const target = row.querySelector(focusLabel);
      if (target) {
        target.focus();
      }
    } catch (failure) {
      showFailure(error, failure);
    }
  }

  function openNewUser() {
    const form = $('new-user-form');
    form.reset();
    clearErrors(form);
    const select = $('new-user-profile');
    const preferred = state.profiles.includes('User') ? 'User' : state.profiles[0];
    select.replaceChildren(...state.profiles.map((profile) => option(profile, profile, profile === preferred)));
    openDialog($('new-user-dialog'), $('new-user-login'));
  }

  async function createUser(event) {
    event.preventDefault();
    const form = $('new-user-form');
    clearErrors(form);
    const body = {
      login: $('new-user-login').value.trim(),
      name: $('new-user-name').value,
      profile: $('new-user-profile').value,
    };
    const password = $('new-user-password').value;
    if (password) {
      body.password = password;
    }
    const button = $('new-user-create');
    button.disabled = true;
    try {
      const result = await api('POST', '/api/v1/users', body);
      if (!result.ok) {
        showProblem(form, $('new-user-error'), result);
        return;
      }
      $('new-user-password').value = '';
      $('new-user-dialog').close();
      await loadUsers();
      state.userPages.cursors = [null];
      state.userPages.index = 0;
      await loadUserPage();
    } catch (error) {
      showFailure($('new-user-error'), error);
    } finally {
      button.disabled = false;
    }
  }

  // ---- Wiring ----------------------------------------------------------------------------------------

  function bindEvents() {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    window.addEventListener('hashchange', route);

    $('token-filters').addEventListener('submit', applyFilters);
    $('filter-user').addEventListener('change', () => applyFilters());
    $('filter-status').addEventListener('change', () => applyFilters());
    $('tokens-prev').addEventListener('click', () => {
      state.tokens.index = Math.max(0, state.tokens.index - 1);
      loadTokenPage();
    });
    $('tokens-next').addEventListener('click', () => {
      if (state.tokens.next) {
        state.tokens.cursors = state.tokens.cursors.slice(0, state.tokens.index + 1).concat(state.tokens.next);
        state.tokens.index++;
        loadTokenPage();
      }
    });

    $('new-token').addEventListener('click', openNewToken);
    $('new-token-form').addEventListener('submit', generate);
    $('new-token-cancel').addEventListener('click', () => $('new-token-dialog').close());
    $('new-token-user').addEventListener('change', showResourceChoices);
    $('new-token-period').addEventListener('change', () => chooseExpiry('period'));
    $('new-token-date').addEventListener('input', () => chooseExpiry('date'));

    $('token-copy').addEventListener('click', () => copyValue(false));
    $('token-value-close').addEventListener('click', () => $('token-value-dialog').close());
    $('token-value-dialog').addEventListener('close', (event) => { forgetValue(); restoreFocus(event); });

    $('revoke-confirm').addEventListener('click', confirmRevoke);
    $('revoke-cancel').addEventListener('click', () => $('revoke-dialog').close());
    $('revoke-dialog').addEventListener('close', (event) => { state.revoking = null; restoreFocus(event); });

    $('new-user').addEventListener('click', openNewUser);
    $('new-user-form').addEventListener('submit', createUser);
    $('new-user-cancel').addEventListener('click', () => $('new-user-dialog').close());
    $('new-user-dialog').addEventListener('close', (event) => { $('new-user-password').value = ''; restoreFocus(event); });
    $('new-token-dialog').addEventListener('close', restoreFocus);

    $('users-prev').addEventListener('click', () => {
      state.userPages.index = Math.max(0, state.userPages.index - 1);
      loadUserPage();
    });
    $('users-next').addEventListener('click', () => {
      if (state.userPages.next) {
        state.userPages.cursors = state.userPages.cursors.slice(0, state.userPages.index + 1).concat(state.userPages.next);
        state.userPages.index++;
        loadUserPage();
      }
    });
  }

  document.addEventListener('DOMContentLoaded', start);
})();
