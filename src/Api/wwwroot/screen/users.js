// The users: the directory the token screen's pickers and filters read, and the Users screen.

import { api, clearErrors, listAll, problemText, showFailure, showProblem } from './api.js';
import { timeElement } from './dates.js';
import { $, cell, openDialog, option, restoreFocus, text } from './dom.js';
import { bindPager, loadPage, newPaging } from './lists.js';

const DEFAULT_PROFILES = ['Administrator', 'User'];

// Every user and profile name, read again whenever a picker is filled.
let users = [];
let profiles = DEFAULT_PROFILES;
const paging = newPaging();

export function knownUsers() {
  return users;
}

export function userOf(login) {
  return users.find((candidate) => candidate.login === login);
}

// Reads every user and profile; a failure to read the users is shown in errorBox.
export async function loadDirectory(errorBox) {
  try {
    users = await listAll('/api/v1/users');
  } catch (error) {
    users = [];
    showFailure(errorBox, error);
  }
  try {
    profiles = (await listAll('/api/v1/profiles')).map((profile) => profile.name);
  } catch {
    profiles = DEFAULT_PROFILES;
  }
}

// Forgets what the screen showed of the users (the session ended).
export function forgetUsers() {
  $('users-table').tBodies[0].replaceChildren();
  users = [];
}

// The user's name, with the login beneath it when they differ.
export function userNames(user, login) {
  if (!user || !user.name || user.name === login) {
    return [text('span', login)];
  }
  const names = document.createElement('div');
  names.append(text('span', user.name), text('span', login, 'user-login'));
  return [names];
}

export function userLabel(user) {
  return user.name && user.name !== user.login ? `${user.name} (${user.login})` : user.login;
}

// ---- Users screen ------------------------------------------------------------------------------------

export async function loadUserPage() {
  $('users-error').textContent = '';
  await loadPage('users', paging, '/api/v1/users', new URLSearchParams(), userRow, (result) => {
    $('users-error').textContent = problemText(result);
  });
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
  const choices = profiles.includes(user.profile) ? profiles : [...profiles, user.profile];
  choices.forEach((profile) => select.append(option(profile, profile, profile === user.profile)));
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
    const index = users.findIndex((candidate) => candidate.login === user.login);
    if (index >= 0) {
      users[index] = result.data;
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
  const preferred = profiles.includes('User') ? 'User' : profiles[0];
  select.replaceChildren(...profiles.map((profile) => option(profile, profile, profile === preferred)));
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
    await loadDirectory($('tokens-error'));
    paging.cursors = [null];
    paging.index = 0;
    await loadUserPage();
  } catch (error) {
    showFailure($('new-user-error'), error);
  } finally {
    button.disabled = false;
  }
}

export function bindUserEvents() {
  $('new-user').addEventListener('click', openNewUser);
  $('new-user-form').addEventListener('submit', createUser);
  $('new-user-cancel').addEventListener('click', () => $('new-user-dialog').close());
  $('new-user-dialog').addEventListener('close', (event) => { $('new-user-password').value = ''; restoreFocus(event); });
  bindPager('users', paging, loadUserPage);
}
