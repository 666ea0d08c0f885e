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

/**
 * For each kind of entry that is not plain text: its name (a TEXTS key), the element that shows its file, and the
 * words of the download link offered instead when the browser cannot play it. A kind this page does not know yet is
 * a 'kindFile' with a download link.
 */
const KINDS = {
  voice: { label: 'kindVoice', element: 'audio', download: 'downloadRecording' },
  audio: { label: 'kindAudio', element: 'audio', download: 'downloadRecording' },
  video_note: { label: 'kindVideoNote', element: 'video', download: 'downloadVideo' },
  photo: { label: 'kindPhoto', element: 'img', download: null },
};
const OTHER_KIND = { label: 'kindFile', element: 'link', download: 'downloadFile' };

/** What each media status other than "stored" tells the user (TEXTS keys). */
const MEDIA_NOTICES = {
  pending: 'mediaPending',
  too_large: 'mediaTooLarge',
  over_quota: 'mediaOverQuota',
  failed: 'mediaFailed',
};

/**
 * The type to ask canPlayType() about. Telegram's voice messages are "audio/ogg" with Opus inside: a browser that
 * plays Ogg Vorbis but not Opus would say "maybe" to the bare type, so ask about the codec.
 */
export function playbackType(mimeType) {
  const type = (mimeType || '').trim().toLowerCase();
  return type === 'audio/ogg' ? 'audio/ogg; codecs=opus' : type;
}

/** A duration in seconds as a clock: 0:07, 4:32, 1:02:03; null when there is none. */
export function clock(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return null;
  }
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/** The transcript's part of a card: its text, or a notice (a TEXTS key), or null for nothing to show. */
function transcriptView(transcript) {
  if (transcript?.status === 'done') {
    return transcript.text?.trim() ? { text: transcript.text, notice: null } : null;
  }
  if (transcript?.status === 'pending') {
    return { text: null, notice: 'transcriptPending' };
  }
  if (transcript?.status === 'failed') {
    return { text: null, notice: 'transcriptFailed' };
  }
  return null;
}

/**
 * How a card shows its entry, decided without the page. canPlay(type) says whether the browser can play a media type
 * (the page asks canPlayType(); the type comes from playbackType()). The answer:
 * - label: the kind's name (a TEXTS key) for the meta line, or null for a text note;
 * - duration: the recording's length as a clock ("0:42"), or null;
 * - element: 'audio' | 'video' | 'img' | 'link' (a download link, when the browser cannot play the file) | null;
 * - url: the file's signed address for the element, null when there is no element;
 * - link: the download link's words (a TEXTS key) when element is 'link', else null;
 * - fileName: a name for the downloaded file ("voice-42.ogg"), when there is a url;
 * - notice: why the file is not there (a TEXTS key), or null;
 * - transcript: { text, notice } (one of the two is null), or null when there is nothing to say;
 * - showText: whether the entry's text gets a paragraph (a media entry without a caption has none).
 * A text note keeps its paragraph and nothing else.
 */
const EXTENSIONS = {
  'audio/ogg': 'ogg',
  'audio/opus': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'video/mp4': 'mp4',
  'image/jpeg': 'jpg',
};

export function mediaView(note, canPlay) {
  const view = {
    label: null,
    duration: null,
    element: null,
    url: null,
    link: null,
    fileName: null,
    notice: null,
    transcript: null,
    showText: true,
  };
  if (!note.kind || note.kind === 'text') {
    return view;
  }
  const kind = KINDS[note.kind] ?? OTHER_KIND;
  const media = note.media ?? null;
  view.label = kind.label;
  view.duration = clock(media?.duration);
  view.transcript = transcriptView(note.transcript);
  view.showText = typeof note.text === 'string' && note.text.trim() !== '';
  if (media?.status === 'stored' && media.url) {
    view.url = media.url;
    view.fileName = `${note.kind}-${note.id}.${EXTENSIONS[media.mime_type] ?? 'bin'}`;
    const playable = kind.element === 'img' || (kind.element !== 'link' && canPlay(playbackType(media.mime_type)));
    view.element = playable ? kind.element : 'link';
    view.link = playable ? null : kind.download;
  } else if (media) {
    view.notice = MEDIA_NOTICES[media.status] ?? null;
  }
  return view;
}
