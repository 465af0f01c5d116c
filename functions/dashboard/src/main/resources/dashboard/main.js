// The dashboard's shell: the header (navigation, pulse, who is signed in, sign-out), hash routing to
// the pages, and the live refresh of the current page's data.
import { h, replace, errorBox } from './dom.js';
import * as session from './session.js';
import { parse, go } from './router.js';
import { startPulse } from './pulse.js';
import * as signinPage from './page-signin.js';
import * as applicationsPage from './page-applications.js';
import * as applicationPage from './page-application.js';
import * as alertsPage from './page-alerts.js';
import * as alertPage from './page-alert.js';
import * as channelsPage from './page-channels.js';
import * as channelPage from './page-channel.js';
import { startAlertCount } from './alert-count.js';
import * as tenantsPage from './page-tenants.js';
import * as tenantPage from './page-tenant.js';
import * as apiPage from './page-api.js';
import { showTenantPicker } from './tenant-picker.js';
import * as healthPage from './page-health.js';
import * as servicePage from './page-service.js';
import * as checksPage from './page-checks.js';
import * as checkPage from './page-check.js';
import * as thresholdsPage from './page-thresholds.js';
import * as statusPagesPage from './page-status-pages.js';
import * as statusPagePage from './page-status-page.js';
import * as incidentsPage from './page-incidents.js';
import * as incidentPage from './page-incident.js';
import * as maintenancesPage from './page-maintenances.js';

/** How often a page's data is fetched again while it is shown. */
export const REFRESH_MS = 7000;

const ROUTES = [
  { pattern: '/signin', page: signinPage, name: 'signin', open: true },
  { pattern: '/applications', page: applicationsPage, name: 'applications' },
  { pattern: '/applications/:id', page: applicationPage, name: 'applications' },
  { pattern: '/alerts', page: alertsPage, name: 'alerts' },
  { pattern: '/alerts/:id', page: alertPage, name: 'alerts' },
  { pattern: '/channels', page: channelsPage, name: 'channels' },
  { pattern: '/channels/:id', page: channelPage, name: 'channels' },
  { pattern: '/tenants', page: tenantsPage, name: 'tenants' },
  { pattern: '/tenants/:id', page: tenantPage, name: 'tenants' },
  { pattern: '/api', page: apiPage, name: 'api', open: true },
  { pattern: '/health', page: healthPage, name: 'health' },
  { pattern: '/health/services/:service', page: servicePage, name: 'health' },
  { pattern: '/checks', page: checksPage, name: 'checks' },
  { pattern: '/checks/:id', page: checkPage, name: 'checks' },
  { pattern: '/thresholds', page: thresholdsPage, name: 'checks' },
  { pattern: '/status-pages', page: statusPagesPage, name: 'status-pages' },
  { pattern: '/status-pages/:id', page: statusPagePage, name: 'status-pages' },
  { pattern: '/incidents', page: incidentsPage, name: 'incidents' },
  { pattern: '/incidents/:id', page: incidentPage, name: 'incidents' },
  { pattern: '/maintenances', page: maintenancesPage, name: 'maintenances' },
];

const main = document.getElementById('main');
let current = null;
let timer = null;

function showHeader() {
  const signedIn = session.signedIn();
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  const who = document.getElementById('who');
  who.hidden = !signedIn;
  if (signedIn) {
    const identity = session.who();
    const name = identity.operator ? 'operator' : `tenant ${identity.tenantId}`;
    who.textContent = identity.readOnly ? `${name} (read-only)` : name;
  }
  for (const link of document.querySelectorAll('[data-operator]')) link.hidden = !(signedIn && session.who().operator);
}

function showPicker() {
  showTenantPicker(document.getElementById('tenant-pick'), show);
}

async function show() {
  if (timer) window.clearInterval(timer);
  timer = null;
  if (current && current.dispose) current.dispose();
  current = null;
  const found = parse(window.location.hash, ROUTES);
  if (!found) {
    go(session.signedIn() ? '/applications' : '/signin');
    return;
  }
  if (!found.route.open && !session.signedIn()) {
    go('/signin');
    return;
  }
  showHeader();
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === found.route.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  replace(main);
  try {
    current = await found.route.page.mount(main, found.params);
  } catch (e) {
    replace(main, errorBox(e.message));
    return;
  }
  document.title = `${current && current.title ? current.title + ' · ' : ''}Vigil`;
  if (current && current.refresh) {
    timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') current.refresh().catch(() => {});
    }, REFRESH_MS);
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  showHeader();
  showPicker();
  go('/signin');
});
window.addEventListener('vigil:tenants-changed', showPicker);
window.addEventListener('vigil:signed-in', showPicker);
window.addEventListener('vigil:unauthorized', () => {
  session.signOut();
  showPicker();
  go('/signin');
});
window.addEventListener('hashchange', show);
startPulse(document.getElementById('pulse'), document.getElementById('pulse-label'));
const updateAlertCount = startAlertCount(document.getElementById('alert-count'));
window.addEventListener('hashchange', updateAlertCount);
showPicker();
show();
