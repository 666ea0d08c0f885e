// What the Mini App decides without the page: lengths, and the words for each failure. Tested with node --test.

import { ApiError } from './api.js';

/** The server counts Unicode code points, and so does this (an emoji is one character, not two). */
export function length(text) {
  return [...text].length;
}

/** The composer's counter: how much is used and whether the text is over the limit. */
export function counter(text, maxLength) {
  const used = length(text);
  return { used, over: used > maxLength };
}

/** Why the text cannot be sent as it is (a TEXTS key), or null when it can. */
export function draftProblem(text, maxLength) {
  if (text.trim() === '') {
    return 'blank';
  }
  return length(text) > maxLength ? 'tooLong' : null;
}

/**
 * Which screen explains a failure that stops the diary: initData too old or wrongly signed (reopen the app), a
 * session that no longer works (send /start), or anything else (offline; retry).
 */
export function problemFor(error) {
  if (error instanceof ApiError && error.status === 401 && error.reason.startsWith('init_data_')) {
    return 'expired';
  }
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return 'session';
  }
  return 'offline';
}

/**
 * What a failed save tells the user in the composer (a TEXTS key), or 'signedOut' when the diary must stop. The
 * draft stays in the composer in every case.
 */
export function saveFailure(error) {
  if (error instanceof ApiError) {
    if (error.status === 400 || error.status === 413) {
      return 'rejected';
    }
    if (error.status === 429) {
      return 'tooFast';
    }
    if (error.status === 422) {
      return 'full';
    }
    if (error.status === 401 || error.status === 403) {
      return 'signedOut';
    }
  }
  return 'saveOffline';
}

/** Where an entry came from, in words, or null for one written in the app. */
export function originLine(note, texts) {
  if (note.forwarded_from?.name) {
    return texts.forwardedFrom(note.forwarded_from.name);
  }
  return note.source === 'chat' ? texts.fromChat : null;
}
