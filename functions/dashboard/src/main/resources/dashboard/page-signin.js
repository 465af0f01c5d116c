// Sign-in: paste an API key (the operator's key or a tenant's key). It is checked with GET /api/whoami
// and kept in this tab's session storage only.
import { h, replace, errorBox } from './dom.js';
import * as api from './api.js';
import * as session from './session.js';
import { go } from './router.js';

export async function mount(root) {
  const message = h('div', { 'aria-live': 'polite' });
  const input = h('input', {
    id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false',
    'aria-describedby': 'api-key-help',
  });
  const form = h('form', { class: 'card signin', id: 'signin-form', novalidate: true },
    h('h1', {}, 'Sign in to Vigil'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('p', { class: 'hint', id: 'api-key-help' },
      'The operator\'s admin key or a tenant\'s API key. It stays in this browser tab and is forgotten when the tab closes.'),
    message,
    h('button', { type: 'submit', class: 'button', id: 'sign-in' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const apiKey = input.value.trim();
    if (!apiKey) {
      replace(message, errorBox('Paste an API key to sign in.'));
      return;
    }
    try {
      const identity = await api.get('/api/whoami', { apiKey });
      session.signIn(apiKey, identity);
      window.dispatchEvent(new CustomEvent('vigil:signed-in'));
      input.value = '';
      go('/applications');
    } catch (e) {
      replace(message, errorBox(e.status === 401 ? `That key was not accepted (${e.message}): check it and try again.` : e.message));
    }
  });
  replace(root, form);
  input.focus();
  return { title: 'Sign in' };
}
