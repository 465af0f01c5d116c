// Hash routes (#/applications, #/applications/{id}): the page never reloads and the server serves one
// page. A route is a pattern with :parameters and the page module that renders it.

export function parse(hash, routes) {
  const path = (hash || '').replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.pattern.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params = {};
    let matched = true;
    for (let i = 0; i < pattern.length; i += 1) {
      if (pattern[i].startsWith(':')) {
        params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
      } else if (pattern[i] !== parts[i]) {
        matched = false;
        break;
      }
    }
    if (matched) return { route, params };
  }
  return null;
}

export function go(path) {
  if (window.location.hash !== `#${path}`) {
    window.location.hash = path;
  }
}
