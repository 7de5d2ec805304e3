// The Access Tokens screen: the list with its filters, a token's details (its limits, changed in place), revoking,
// a new token, and its value shown once.
// The value of a new token lives only in the dialog that shows it, and is removed with it.

import { api, clearErrors, errorSlot, listAll, markInvalid, problemText, showFailure, showProblem } from './api.js';
import { timeElement, todayInServiceZone } from './dates.js';
import { $, cell, openDialog, option, restoreFocus, text } from './dom.js';
import { bindPager, loadPage, newPaging } from './lists.js';
import { knownUsers, loadDirectory, userLabel, userNames, userOf } from './users.js';

const paging = { ...newPaging(), filters: { user: '', status: '', search: '' } };
let revoking = null;
let detailed = null;
const resourceCatalogue = { items: null, request: 0 };

// Forgets what the screen showed of the tokens (the session ended).
export function forgetTokens() {
  $('tokens-table').tBodies[0].replaceChildren();
}

export function fillUserFilter() {
  const select = $('filter-user');
  const current = paging.filters.user;
  select.replaceChildren(option('', 'All users', current === ''));
  for (const user of knownUsers()) {
    select.append(option(user.login, userLabel(user), user.login === current));
  }
}

// ---- Access tokens list ----------------------------------------------------------------------------

export async function loadTokenPage() {
  const filters = paging.filters;
  const query = new URLSearchParams();
  if (filters.user) query.set('user', filters.user);
  if (filters.status) query.set('status', filters.status);
  if (filters.search) query.set('search', filters.search);
  const form = $('token-filters');
  clearErrors(form);
  await loadPage('tokens', paging, '/api/v1/access-tokens', query, tokenRow, (result) => showProblem(form, $('tokens-error'), result));
}

function tokenRow(token) {
  const row = document.createElement('tr');
  row.dataset.tokenId = token.id;
  fillTokenRow(row, token);
  return row;
}

function fillTokenRow(row, token) {
  const name = document.createElement('div');
  const opener = text('button', token.name, 'link token-name');
  opener.type = 'button';
  opener.setAttribute('aria-label', `Details of ${token.name} (${token.user})`);
  opener.addEventListener('click', () => openDetails(token, row));
  name.append(opener, text('span', token.resources.join(', '), 'resources'));
  const user = userOf(token.user);

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
  paging.filters = {
    user: $('filter-user').value,
    status: $('filter-status').value,
    search: $('filter-search').value.trim(),
  };
  paging.cursors = [null];
  paging.index = 0;
  return loadTokenPage();
}

// ---- Limits, in + New and in a token's details -------------------------------------------------------

// The limits a form asks for: null for an empty field (no limit); a number the service judges as it is.
function limitsFrom(prefix) {
  const requests = $(prefix + '-rate-requests').value.trim();
  const uses = $(prefix + '-quota-uses').value.trim();
  return {
    rateLimit: requests === '' ? null : { requests: Number(requests), per: $(prefix + '-rate-per').value },
    quota: uses === '' ? null : { uses: Number(uses), refill: $(prefix + '-quota-refill').value || null },
    allowedAddresses: addressLines($(prefix + '-addresses').value),
  };
}

// One range per line (commas and spaces separate too); none means any address.
function addressLines(value) {
  const ranges = value.split(/[\s,]+/).filter((range) => range.length > 0);
  return ranges.length === 0 ? null : ranges;
}

function fillLimits(prefix, token) {
  const per = $(prefix + '-rate-per');
  $(prefix + '-rate-requests').value = token.rateLimit ? String(token.rateLimit.requests) : '';
  if (token.rateLimit && !Array.from(per.options).some((entry) => entry.value === token.rateLimit.per)) {
    per.append(option(token.rateLimit.per, token.rateLimit.per, false));
  }
  per.value = token.rateLimit ? token.rateLimit.per : '00:01:00';
  $(prefix + '-quota-uses').value = token.quota ? String(token.quota.uses) : '';
  $(prefix + '-quota-refill').value = token.quota ? token.quota.refill || '' : 'monthly';
  $(prefix + '-addresses').value = (token.allowedAddresses || []).join('\n');
}

function fillRecent(token) {
  const body = $('token-details-recent').tBodies[0];
  const recent = token.recentAddresses || [];
  body.replaceChildren(...recent.map((entry) => {
    const row = document.createElement('tr');
    row.append(
      cell('Address', text('span', entry.address, 'login')),
      cell('First seen', timeElement(entry.firstSeenAt, '')),
      cell('Last seen', timeElement(entry.lastSeenAt, '')),
      cell('Uses', text('span', String(entry.uses))));
    return row;
  }));
  if (recent.length === 0) {
    const row = document.createElement('tr');
    const empty = cell('', text('span', 'Not used yet.', 'muted'));
    empty.colSpan = 4;
    row.append(empty);
    body.append(row);
  }
}

// ---- Details -----------------------------------------------------------------------------------------

async function openDetails(token, row) {
  const form = $('token-details-form');
  clearErrors(form);
  $('token-details-status').textContent = '';
  detailed = { token, row };
  const read = await api('GET', '/api/v1/access-tokens/' + encodeURIComponent(token.id));
  if (read.ok) {
    detailed.token = read.data;
  }
  fillDetails(detailed.token);
  openDialog($('token-details-dialog'), $('token-details-name'), row.querySelector('.token-name'));
}

function fillDetails(token) {
  $('token-details-title').textContent = token.name;
  const facts = $('token-details-facts');
  const entries = [
    ['User', text('span', token.user)],
    ['Resources', text('span', token.resources.join(', '))],
    ['Status', text('span', statusLabel(token.status))],
    ['Date of last use', timeElement(token.lastUsedAt, 'never')],
    ['Uses left', text('span', token.remainingUses === null || token.remainingUses === undefined ? 'no quota' : String(token.remainingUses))],
    ['Failed attempts', text('span', String(token.failedAttempts || 0))],
  ];
  if (token.lastFailedAt) {
    entries.push(['Last failed attempt', timeElement(token.lastFailedAt, '')]);
  }
  if (token.rotatedFrom) {
    entries.push(['Rotated from', text('span', token.rotatedFrom, 'login')]);
  }
  if (token.supersededBy) {
    entries.push(['Rotated into', text('span', token.supersededBy, 'login')]);
  }
  if (token.overlapEndsAt) {
    entries.push(['Works until', timeElement(token.overlapEndsAt, '')]);
  }
  facts.replaceChildren(...entries.flatMap(([term, value]) => {
    const definition = document.createElement('dd');
    definition.append(value);
    return [text('dt', term), definition];
  }));
  $('token-details-name').value = token.name;
  fillLimits('token-details', token);
  fillRecent(token);
  const revoked = token.status === 'revoked';
  $('token-details-save').disabled = revoked;
  $('token-details-revoke').hidden = revoked;
  // Only a working token that was not rotated already rotates.
  const rotates = token.status === 'active' && !token.supersededBy;
  $('token-details-rotate').hidden = !rotates;
  $('token-details-rotation').hidden = !rotates;
  detailsForm().querySelectorAll('input, select, textarea').forEach((control) => { control.disabled = revoked; });
}

function detailsForm() {
  return $('token-details-form');
}

async function saveDetails(event) {
  event.preventDefault();
  const current = detailed;
  if (!current) {
    return;
  }
  clearErrors(detailsForm());
  $('token-details-status').textContent = '';
  const body = { name: $('token-details-name').value, ...limitsFrom('token-details') };
  const button = $('token-details-save');
  button.disabled = true;
  try {
    const result = await api('PATCH', '/api/v1/access-tokens/' + encodeURIComponent(current.token.id), body);
    if (!result.ok) {
      showProblem(detailsForm(), $('token-details-error'), result);
      return;
    }
    current.token = result.data;
    fillDetails(result.data);
    fillTokenRow(current.row, result.data);
    $('token-details-status').textContent = 'Saved.';
  } catch (error) {
    showFailure($('token-details-error'), error);
  } finally {
    button.disabled = current.token.status === 'revoked';
  }
}

async function rotateFromDetails() {
  const current = detailed;
  if (!current) {
    return;
  }
  clearErrors(detailsForm());
  const overlap = $('token-details-overlap').value;
  const button = $('token-details-rotate');
  button.disabled = true;
  try {
    const path = '/api/v1/access-tokens/' + encodeURIComponent(current.token.id) + '/rotate';
    const result = await api('POST', path, overlap ? { overlap } : {});
    if (!result.ok) {
      showProblem(detailsForm(), $('token-details-error'), result);
      return;
    }
    const created = result.data;
    $('token-details-dialog').close();
    showValue(created.token);
    delete created.token;
    await loadTokenFirstPage();
  } catch (error) {
    showFailure($('token-details-error'), error);
  } finally {
    button.disabled = false;
  }
}

function revokeFromDetails() {
  const current = detailed;
  if (!current) {
    return;
  }
  $('token-details-dialog').close();
  askRevoke(current.token, current.row);
}

// ---- Revoke ------------------------------------------------------------------------------------------

function askRevoke(token, row) {
  revoking = { token, row };
  $('revoke-name').textContent = token.name;
  $('revoke-user').textContent = token.user;
  $('revoke-error').textContent = '';
  openDialog($('revoke-dialog'), $('revoke-cancel'));
}

async function confirmRevoke() {
  const current = revoking;
  if (!current) {
    return;
  }
  const button = $('revoke-confirm');
  button.disabled = true;
  try {
    const path = '/api/v1/access-tokens/' + encodeURIComponent(current.token.id);
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
    fillTokenRow(current.row, read.data);
    $('revoke-dialog').returnTo = current.row.querySelector('.status-cell');
    $('revoke-dialog').close();
  } catch (error) {
    showFailure($('revoke-error'), error);
  } finally {
    button.disabled = false;
  }
}

// ---- New token ---------------------------------------------------------------------------------------

async function openNewToken() {
  const form = $('new-token-form');
  form.reset();
  clearErrors(form);
  $('new-token-date').min = todayInServiceZone();
  await loadDirectory($('tokens-error'));
  const select = $('new-token-user');
  select.replaceChildren(option('', 'Choose a user…', true));
  for (const user of knownUsers()) {
    const entry = option(user.login, userLabel(user) + (user.active ? '' : ' — disabled'), false);
    entry.disabled = !user.active;
    select.append(entry);
  }
  if (paging.filters.user && knownUsers().some((user) => user.login === paging.filters.user && user.active)) {
    select.value = paging.filters.user;
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
  const user = userOf(login);
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
  const body = { name: $('new-token-name').value, user: $('new-token-user').value, resources: chosenResources(), ...limitsFrom('new-token') };
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
  paging.cursors = [null];
  paging.index = 0;
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

export function bindTokenEvents() {
  $('token-filters').addEventListener('submit', applyFilters);
  $('filter-user').addEventListener('change', () => applyFilters());
  $('filter-status').addEventListener('change', () => applyFilters());
  bindPager('tokens', paging, loadTokenPage);

  $('new-token').addEventListener('click', openNewToken);
  $('new-token-form').addEventListener('submit', generate);
  $('new-token-cancel').addEventListener('click', () => $('new-token-dialog').close());
  $('new-token-user').addEventListener('change', showResourceChoices);
  $('new-token-period').addEventListener('change', () => chooseExpiry('period'));
  $('new-token-date').addEventListener('input', () => chooseExpiry('date'));
  $('new-token-dialog').addEventListener('close', restoreFocus);

  $('token-copy').addEventListener('click', () => copyValue(false));
  $('token-value-close').addEventListener('click', () => $('token-value-dialog').close());
  $('token-value-dialog').addEventListener('close', (event) => { forgetValue(); restoreFocus(event); });

  $('token-details-form').addEventListener('submit', saveDetails);
  $('token-details-close').addEventListener('click', () => $('token-details-dialog').close());
  $('token-details-revoke').addEventListener('click', revokeFromDetails);
  $('token-details-rotate').addEventListener('click', rotateFromDetails);
  $('token-details-dialog').addEventListener('close', (event) => { detailed = null; restoreFocus(event); });

  $('revoke-confirm').addEventListener('click', confirmRevoke);
  $('revoke-cancel').addEventListener('click', () => $('revoke-dialog').close());
  $('revoke-dialog').addEventListener('close', (event) => { revoking = null; restoreFocus(event); });
}
