// Dates and times as the service counts them: in its time zone, which the session reads from /ui/settings.

import { text } from './dom.js';

let timeZone = 'UTC';

export function setServiceTimeZone(zone) {
  timeZone = zone;
}

export function serviceTimeZone() {
  return timeZone;
}

export function formatInstant(iso) {
  if (!iso) {
    return null;
  }
  const parts = {};
  new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).forEach((part) => { parts[part.type] = part.value; });
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function timeElement(iso, empty) {
  if (!iso) {
    return text('span', empty, 'muted');
  }
  const element = document.createElement('time');
  element.dateTime = iso;
  element.textContent = formatInstant(iso);
  return element;
}

export function todayInServiceZone() {
  const parts = {};
  new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).forEach((part) => { parts[part.type] = part.value; });
  return `${parts.year}-${parts.month}-${parts.day}`;
}
