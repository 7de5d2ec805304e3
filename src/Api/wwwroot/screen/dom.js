// Small DOM helpers shared by every part of the screen.

export const $ = (id) => document.getElementById(id);

export function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) {
    element.className = className;
  }
  return element;
}

export function cell(label, ...children) {
  const element = document.createElement('td');
  element.dataset.label = label;
  element.append(...children);
  return element;
}

export function option(value, label, selected) {
  return new Option(label, value, false, selected);
}

// Each dialog remembers where focus goes back to when it closes.
export function openDialog(dialog, focus, returnTo) {
  dialog.returnTo = returnTo || document.activeElement;
  dialog.showModal();
  if (focus) {
    focus.focus();
  }
}

export function restoreFocus(event) {
  const dialog = event.target;
  const target = dialog.returnTo;
  dialog.returnTo = null;
  // A dialog closed to make way for another leaves focus to the one now open.
  if (target && document.contains(target) && !document.querySelector('dialog[open]')) {
    target.focus();
  }
}
