// The paged lists (tokens, users): one page at a time into a table, with a pager. A list's elements are
// named after it: `${name}-table`, `-empty`, `-page`, `-prev`, `-next` and `-error`.

import { api, showFailure } from './api.js';
import { $ } from './dom.js';

const PAGE_SIZE = 20;

export function newPaging() {
  return { cursors: [null], index: 0, next: null };
}

// Loads the page the pager points at from path (with query), a row per item; a refusal other than the
// end of the session goes to showRefusal, a failure to reach the service to the list's error box.
export async function loadPage(name, paging, path, query, rowOf, showRefusal) {
  query.set('limit', String(PAGE_SIZE));
  const cursor = paging.cursors[paging.index];
  if (cursor) query.set('cursor', cursor);
  const table = $(name + '-table');
  table.setAttribute('aria-busy', 'true');
  try {
    const result = await api('GET', `${path}?${query}`);
    if (!result.ok) {
      if (result.status !== 401) {
        showRefusal(result);
      }
      return;
    }
    table.tBodies[0].replaceChildren(...result.data.items.map(rowOf));
    $(name + '-empty').hidden = result.data.items.length > 0;
    paging.next = result.data.next;
    $(name + '-page').textContent = `Page ${paging.index + 1}`;
    $(name + '-prev').disabled = paging.index === 0;
    $(name + '-next').disabled = !paging.next;
  } catch (error) {
    showFailure($(name + '-error'), error);
  } finally {
    table.removeAttribute('aria-busy');
  }
}

// The list's previous and next buttons move the pager and load the page it then points at.
export function bindPager(name, paging, load) {
  $(name + '-prev').addEventListener('click', () => {
    paging.index = Math.max(0, paging.index - 1);
    load();
  });
  $(name + '-next').addEventListener('click', () => {
    if (!paging.next) {
      return;
    }
    paging.cursors = paging.cursors.slice(0, paging.index + 1).concat(paging.next);
    paging.index++;
    load();
  });
}
