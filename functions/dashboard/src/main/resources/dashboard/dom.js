// Builds DOM nodes. Text is only ever set as text (textContent), never parsed as HTML, so nothing a
// user typed (an application's name, an error message) can become markup or script.

/**
 * h('a', {href: '#/x', class: 'link', onclick: fn}, 'text', childNode, [more]) — attributes are set with
 * setAttribute, on* keys become event listeners, strings become text nodes; null/false children are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces everything inside element with children. */
export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A message that says what went wrong, announced to screen readers. */
export function errorBox(message) {
  return h('p', { class: 'message message--error', role: 'alert' }, message);
}

/** What to do when there is nothing to show yet. */
export function emptyState(title, ...next) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, title), ...next);
}

/**
 * Runs render (which rebuilds part of the page) and puts the keyboard focus back on the element that
 * had it, found again by its data-focus key, so a refresh every few seconds never loses your place.
 */
export function keepingFocus(render) {
  const active = document.activeElement;
  const key = active && active.dataset ? active.dataset.focus : undefined;
  render();
  if (key && document.activeElement !== active) {
    const again = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    if (again) again.focus();
  }
}

/**
 * A page's first load and its live refresh. A failed first load shows in place of slot (the list); a failed
 * refresh shows in message. With clears, a refresh that works clears message; without, what message shows
 * (an action's outcome) stays until the next action.
 */
export async function livePage(title, refresh, slot, message, { clears = true } = {}) {
  try {
    await refresh();
  } catch (e) {
    replace(slot, errorBox(e.message));
  }
  return {
    title,
    refresh: async () => {
      try {
        await refresh();
        if (clears) replace(message);
      } catch (e) {
        replace(message, errorBox(e.message));
      }
    },
  };
}

/**
 * What a page's buttons run: act(work) awaits work (an API call), then clears message and refreshes the
 * page; a failure shows in message.
 */
export function actOn(message, refresh) {
  return async (work) => {
    try {
      await work();
      replace(message);
      await refresh();
    } catch (e) {
      replace(message, errorBox(e.message));
    }
  };
}

/** A button that copies text to the clipboard, saying whether it could; attributes adds to its own (an id). */
export function copyButton(text, label, attributes = {}) {
  const button = h('button', { type: 'button', class: 'button button--small', 'aria-label': label, ...attributes }, 'Copy');
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch (e) {
      button.textContent = 'Select and copy';
    }
    window.setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
  return button;
}
