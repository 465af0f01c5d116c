// The count of open p1 alerts beside "Alerts" in the navigation, polled while someone is signed in.
import * as api from './api.js';
import * as session from './session.js';

const POLL_MS = 30000;

async function openP1() {
  let count = 0;
  let token = null;
  let pages = 0;
  do {
    const page = await api.get(`/api/alerts?status=open&severity=p1&limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    count += (page.alerts || []).length;
    token = page.nextToken || null;
    pages += 1;
  } while (token && pages < 10);
  return { count, more: token !== null };
}

/** Keeps badge showing the number of open p1 alerts (hidden at zero); update() fetches it now. */
export function startAlertCount(badge) {
  async function update() {
    if (!session.signedIn()) {
      badge.hidden = true;
      return;
    }
    try {
      const { count, more } = await openP1();
      badge.textContent = more ? `${count}+` : String(count);
      badge.title = `${badge.textContent} open p1 alert${count === 1 ? '' : 's'}`;
      badge.setAttribute('aria-label', badge.title);
      badge.hidden = count === 0;
    } catch (e) {
      badge.hidden = true;
    }
  }
  window.setInterval(() => {
    if (document.visibilityState === 'visible') update();
  }, POLL_MS);
  update();
  return update;
}
