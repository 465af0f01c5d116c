// The API reference: Swagger UI (from its webjar, served by this function like every other file) showing
// the API's own OpenAPI document, GET /api/openapi.json. It runs under the same Content-Security-Policy
// as the rest of the dashboard: its bundle and style sheet come from this origin, and it needs no eval
// and no inline script or style. Its dark theme follows the system setting, as the dashboard does.
import { h, replace, errorBox } from './dom.js';

const SCRIPT = '/ui/swagger-ui.js';
const STYLE = '/ui/swagger-ui.css';
const DARK = window.matchMedia('(prefers-color-scheme: dark)');

let loading = null;

/** Loads Swagger UI's bundle and style sheet once; resolves to its constructor. */
function loadSwaggerUi() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      document.head.appendChild(h('link', { rel: 'stylesheet', href: STYLE }));
      const script = h('script', { src: SCRIPT });
      script.addEventListener('load', () => resolve(window.SwaggerUIBundle));
      script.addEventListener('error', () => {
        loading = null;
        reject(new Error('The API reference could not be loaded; reload the page to try again.'));
      });
      document.head.appendChild(script);
    });
  }
  return loading;
}

function followDarkMode() {
  document.documentElement.classList.toggle('dark-mode', DARK.matches);
}

export async function mount(root) {
  const reference = h('div', { id: 'api-reference', class: 'api-reference' });
  replace(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'API reference'),
      h('a', { class: 'button button--quiet', href: '/api/openapi.json', id: 'openapi-link' }, 'OpenAPI document (JSON)')),
    h('p', { class: 'hint' }, 'Every call but the heartbeat and /system/health takes an API key as "Authorization: Bearer <key>" '
      + '(Authorize, below, to try calls out); the operator\'s key picks a tenant with X-Vigil-Tenant.'),
    reference);
  followDarkMode();
  DARK.addEventListener('change', followDarkMode);
  const dispose = () => {
    DARK.removeEventListener('change', followDarkMode);
    document.documentElement.classList.remove('dark-mode');
  };
  try {
    const SwaggerUIBundle = await loadSwaggerUi();
    SwaggerUIBundle({
      url: '/api/openapi.json',
      domNode: reference,
      deepLinking: false,
      filter: true,
      validatorUrl: null,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
    });
  } catch (e) {
    replace(reference, errorBox(e.message));
  }
  return { title: 'API reference', dispose };
}
