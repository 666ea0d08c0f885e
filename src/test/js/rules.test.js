import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ApiError, OfflineError } from '../../../webapp/api.js';
import { counter, draftProblem, length, originLine, problemFor, saveFailure } from '../../../webapp/rules.js';
import { TEXTS } from '../../../webapp/texts.js';

describe('length', () => {
  test('counts code points as the server does: an emoji is one character', () => {
    assert.equal(length('😀'), 1);
    assert.equal('😀'.length, 2);
    assert.equal(length('привет'), 6);
    assert.equal(length(''), 0);
  });
});

describe('counter', () => {
  test('a text at the limit is not over it; one more character is', () => {
    assert.deepEqual(counter('abc', 3), { used: 3, over: false });
    assert.deepEqual(counter('abcd', 3), { used: 4, over: true });
    assert.deepEqual(counter('😀😀😀', 3), { used: 3, over: false });
  });
});

describe('draftProblem', () => {
  test('blank texts cannot be saved, whatever the whitespace', () => {
    assert.equal(draftProblem('', 10), 'blank');
    assert.equal(draftProblem(' \n\t ', 10), 'blank');
  });

  test('a text over the limit is too long; at the limit it is fine', () => {
    assert.equal(draftProblem('abcd', 3), 'tooLong');
    assert.equal(draftProblem('abc', 3), null);
  });
});

describe('problemFor', () => {
  test('refused initData means the app must be reopened', () => {
    assert.equal(problemFor(new ApiError(401, 'init_data_expired')), 'expired');
    assert.equal(problemFor(new ApiError(401, 'init_data_hash_mismatch')), 'expired');
  });

  test('a session that no longer works, or another user, means /start again', () => {
    assert.equal(problemFor(new ApiError(401, 'session_invalid')), 'session');
    assert.equal(problemFor(new ApiError(403, 'user_mismatch')), 'session');
  });

  test('anything else is a connection problem to retry', () => {
    assert.equal(problemFor(new OfflineError()), 'offline');
    assert.equal(problemFor(new ApiError(503, 'database_unavailable')), 'offline');
    assert.equal(problemFor(new TypeError('boom')), 'offline');
  });
});

describe('saveFailure', () => {
  test('each refusal of a save has its own words', () => {
    assert.equal(saveFailure(new ApiError(400, 'note_text_invalid')), 'rejected');
    assert.equal(saveFailure(new ApiError(413)), 'rejected');
    assert.equal(saveFailure(new ApiError(429, 'rate_limited', '', 17)), 'tooFast');
    assert.equal(saveFailure(new ApiError(422, 'notes_quota_exceeded')), 'full');
  });

  test('a refused sign-in stops the diary', () => {
    assert.equal(saveFailure(new ApiError(401, 'session_invalid')), 'signedOut');
    assert.equal(saveFailure(new ApiError(403, 'user_mismatch')), 'signedOut');
  });

  test('offline and server errors keep the draft for another try', () => {
    assert.equal(saveFailure(new OfflineError()), 'saveOffline');
    assert.equal(saveFailure(new ApiError(500)), 'saveOffline');
  });
});

describe('originLine', () => {
  test('a note written in the app says nothing of where it came from', () => {
    assert.equal(originLine({ source: 'app', forwarded_from: null }, TEXTS.ru), null);
  });

  test('a chat entry says so, and a forwarded one names its origin', () => {
    assert.equal(originLine({ source: 'chat', forwarded_from: null }, TEXTS.ru), 'Из чата с ботом');
    assert.equal(
      originLine({ source: 'chat', forwarded_from: { name: 'Daily Stoic', date: '2023-11-14T22:13:20Z' } }, TEXTS.en),
      'Forwarded from Daily Stoic',
    );
  });
});
