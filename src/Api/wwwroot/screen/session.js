// The session: signing in and out, the session's end, and which screen the address shows.

import { api, clearErrors, refreshAntiforgery, setSignedIn, showFailure, showProblem, whenSessionEnds } from './api.js';
import { serviceTimeZone, setServiceTimeZone } from './dates.js';
import { $ } from './dom.js';
import { bindTokenEvents, fillUserFilter, forgetTokens, loadTokenPage } from './tokens.js';
import { bindUserEvents, forgetUsers, loadDirectory, loadUserPage } from './users.js';

let user = null;

export async function start() {
  bindEvents();
  whenSessionEnds(endSession);
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
  user = null;
  setSignedIn(false);
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
  forgetTokens();
  forgetUsers();
  setSignedIn(false);
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
  user = login;
  setSignedIn(true);
  await refreshAntiforgery();
  const settings = await api('GET', '/ui/settings');
  if (settings.ok) {
    setServiceTimeZone(settings.data.timeZone);
  }
  $('account-name').textContent = login;
  $('account').hidden = false;
  $('sign-in-view').hidden = true;
  $('app-view').hidden = false;
  $('tokens-zone').textContent = `Dates and times in the service time zone, ${serviceTimeZone()}.`;
  await loadDirectory($('tokens-error'));
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
  if (!user) {
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

function bindEvents() {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  bindTokenEvents();
  bindUserEvents();
}
