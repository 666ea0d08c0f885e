// The notes API as the Mini App calls it (README, "API"). Every call carries the session token (X-Session-Token)
// and Telegram's signed initData (Authorization: tma …).

/** An API refusal, with the problem's status and machine-readable reason. */
export class ApiError extends Error {
  constructor(status, reason, detail, retryAfter, body) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.reason = reason || '';
    this.retryAfter = retryAfter;
    // The whole problem, for those that carry more (a 412's current note).
    this.body = body ?? null;
  }
}

/** The server could not be reached at all. */
export class OfflineError extends Error {}

/**
 * A function (method, path, body) => the answer's JSON (null for 204), throwing ApiError or OfflineError.
 * credentials() gives { initData, token } at each call: the token arrives after the first call.
 */
export function createApi({ base, credentials, fetch = globalThis.fetch }) {
  return async function api(method, path, body, extraHeaders = {}) {
    const { initData, token } = credentials();
    const headers = { ...extraHeaders, Authorization: `tma ${initData}` };
    if (token) {
      headers['X-Session-Token'] = token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        keepalive: method === 'DELETE',
      });
    } catch {
      throw new OfflineError();
    }
    if (response.status === 204) {
      return null;
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, payload?.reason, payload?.detail, payload?.retry_after, payload);
    }
    return payload;
  };
}
