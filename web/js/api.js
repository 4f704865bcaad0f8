// Talks to the JSON API. Keeps the CSRF token from login and /auth/me and sends it on every
// write. Failures throw ApiError with the API's {code, message, field}, the HTTP status and,
// for 429, the Retry-After delay in seconds.

let csrf = null;
export function setCsrf(token) { csrf = token || null; }

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http_' + status);
    this.field = e.field || null;
    this.retryAfter = retryAfter;
    this.body = body;   // the whole reply, for errors that carry more (a form's conflicts)
  }
}

// Called with the error when a request finds the session gone (401 outside login).
let onUnauthenticated = null;
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['x-csrf-token'] = csrf;
  let r;
  try {
    r = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = r.status === 204 ? '' : await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!r.ok) {
    const ra = parseInt(r.headers.get('retry-after') || '', 10);
    const err = new ApiError(r.status, json, Number.isFinite(ra) ? ra : null);
    if (r.status === 401 && !path.startsWith('/auth/') && onUnauthenticated) onUnauthenticated(err);
    throw err;
  }
  return json;
}

// Builds a query string from an object, skipping empty values.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

// Sends a file as the request body (evidence uploads): same errors and CSRF header as api().
export async function upload(path, file) {
  const headers = { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' };
  if (csrf) headers['x-csrf-token'] = csrf;
  let r;
  try {
    r = await fetch('/api/v1' + path, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!r.ok) {
    const err = new ApiError(r.status, json, null);
    if (r.status === 401 && onUnauthenticated) onUnauthenticated(err);
    throw err;
  }
  return json;
}
