import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ApiError, createApi, OfflineError } from '../../../webapp/api.js';

/** A fetch that records its calls and answers with the given Response. */
function fetchAnswering(response) {
  const calls = [];
  const fetch = async (url, options) => {
    calls.push({ url, options });
    if (response instanceof Error) {
      throw response;
    }
    return response;
  };
  return { fetch, calls };
}

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('createApi', () => {
  test('sends initData as a tma authorization and the token once there is one', async () => {
    const { fetch, calls } = fetchAnswering(json(200, { ok: true }));
    let token = null;
    const api = createApi({ base: '/api/telegram', credentials: () => ({ initData: 'query_id=1', token }), fetch });

    await api('POST', '/session');
    token = 'the-token';
    await api('GET', '/me');

    assert.equal(calls[0].url, '/api/telegram/session');
    assert.equal(calls[0].options.headers.Authorization, 'tma query_id=1');
    assert.equal(calls[0].options.headers['X-Session-Token'], undefined);
    assert.equal(calls[1].options.headers['X-Session-Token'], 'the-token');
  });

  test('a body goes as JSON; a DELETE outlives the page (keepalive)', async () => {
    const { fetch, calls } = fetchAnswering(json(201, { note: { id: 1 } }));
    const api = createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch });

    assert.deepEqual(await api('POST', '/notes', { text: 'привет' }), { note: { id: 1 } });
    assert.equal(calls[0].options.headers['Content-Type'], 'application/json');
    assert.equal(calls[0].options.body, '{"text":"привет"}');
    assert.equal(calls[0].options.keepalive, false);

    await createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch })('DELETE', '/notes/1');
    assert.equal(calls[1].options.keepalive, true);
    assert.equal(calls[1].options.body, undefined);
  });

  test('extra headers go along, and cannot replace the credentials', async () => {
    const { fetch, calls } = fetchAnswering(json(201, { note: { id: 1 } }));
    const api = createApi({ base: '', credentials: () => ({ initData: 'real', token: null }), fetch });

    await api('POST', '/notes', { text: 'hi' }, { 'Idempotency-Key': 'k-1', Authorization: 'forged' });

    assert.equal(calls[0].options.headers['Idempotency-Key'], 'k-1');
    assert.equal(calls[0].options.headers.Authorization, 'tma real');
  });

  test('204 is null', async () => {
    const { fetch } = fetchAnswering(new Response(null, { status: 204 }));
    const api = createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch });

    assert.equal(await api('DELETE', '/notes/1'), null);
  });

  test('a problem becomes an ApiError with its status, reason, detail and retry time', async () => {
    const { fetch } = fetchAnswering(
      json(429, { status: 429, reason: 'rate_limited', detail: 'Too many note writes.', retry_after: 17 }),
    );
    const api = createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch });

    await assert.rejects(api('POST', '/notes', { text: 'a' }), (error) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 429);
      assert.equal(error.reason, 'rate_limited');
      assert.equal(error.message, 'Too many note writes.');
      assert.equal(error.retryAfter, 17);
      return true;
    });
  });

  test('an error page that is not JSON is still an ApiError with its status', async () => {
    const { fetch } = fetchAnswering(new Response('<html>Bad Gateway</html>', { status: 502 }));
    const api = createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch });

    await assert.rejects(api('GET', '/me'), (error) => error instanceof ApiError && error.status === 502);
  });

  test('no answer at all is an OfflineError', async () => {
    const { fetch } = fetchAnswering(new TypeError('Failed to fetch'));
    const api = createApi({ base: '', credentials: () => ({ initData: 'x', token: 't' }), fetch });

    await assert.rejects(api('GET', '/me'), OfflineError);
  });
});
