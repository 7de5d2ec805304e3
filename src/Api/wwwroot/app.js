// The AccessTokens admin screen: plain JavaScript modules over the service's own HTTP API, no build step.
//   screen/api.js      HTTP calls, the anti-forgery token, problems shown next to their fields
//   screen/dates.js    dates and times in the service time zone
//   screen/dom.js      DOM helpers, dialogs and pagers
//   screen/tokens.js   the Access Tokens screen: list, filters, revoke, a new token and its value, once
//   screen/users.js    the users: pickers' directory and the Users screen
//   screen/session.js  signing in and out, the session's end, navigation

import { start } from './screen/session.js';

start();
