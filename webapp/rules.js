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

/** initData that was fine once and is too old (or the device's clock is far off): reopening the app fixes it. */
const EXPIRED_REASONS = new Set(['init_data_expired', 'init_data_from_the_future']);

/**
 * Which screen explains a failure that stops the diary: initData too old or wrongly signed (reopen the app), a
 * session that no longer works (send /start), or anything else (offline; retry).
 */
export function problemFor(error) {
  if (error instanceof ApiError && error.status === 401 && EXPIRED_REASONS.has(error.reason)) {
    return 'expired';
  }
  if (error instanceof ApiError && error.status === 401 && error.reason.startsWith('init_data_')) {
    // Not old but wrong: altered, for another bot, or not Telegram's at all.
    return 'badSignature';
  }
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    return 'session';
  }
  return 'offline';
}

/**
 * What a failed save tells the user in the composer (a TEXTS key). The draft stays in the composer, and in the
 * device's storage, in every case: after an expiry or a sign-out it comes back when the app is opened again.
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
    if (error.status === 412) {
      return 'conflict';
    }
    if (error.status === 404) {
      return 'editGone';
    }
    if (error.status === 422 && error.reason === 'idempotency_key_reused') {
      return 'saveRetry';
    }
    if (error.status === 401 || error.status === 403) {
      return problemFor(error) === 'expired' ? 'saveExpired' : 'saveSignedOut';
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

// ---------------------------------------------------------------------------------------------- contrast

/** Readable fallbacks, used outside Telegram and for whatever a theme leaves out. */
export const PALETTES = {
  light: {
    bg_color: '#ffffff',
    secondary_bg_color: '#f1f3f5',
    text_color: '#1b1b1f',
    hint_color: '#5f6368',
    link_color: '#1a62b8',
    button_color: '#1a62b8',
    button_text_color: '#ffffff',
    destructive_text_color: '#c0262d',
  },
  dark: {
    bg_color: '#17212b',
    secondary_bg_color: '#232e3c',
    text_color: '#f5f5f5',
    hint_color: '#a9b3bd',
    link_color: '#7cc0ff',
    button_color: '#5aa7f0',
    button_text_color: '#0b1620',
    destructive_text_color: '#ff7b7b',
  },
};

/** '#rgb' or '#rrggbb' as [r, g, b] (0-255), or null. */
export function parseColor(value) {
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value ?? '').trim())?.[1];
  if (!hex) {
    return null;
  }
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
}

function toHex(rgb) {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]) {
  const linear = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two colours ([r, g, b] or hex), 1 to 21. */
export function contrast(a, b) {
  const [x, y] = [a, b].map((c) => luminance(typeof c === 'string' ? parseColor(c) : c));
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/**
 * The colour closest to `color` that reads on `background` with at least `ratio` contrast: mixed step by step
 * towards black on a light background, towards white on a dark one. Telegram's own palettes are not always
 * readable (its day theme's hint grey is 2.5:1 on white), so every text colour goes through this.
 */
export function readable(color, background, ratio = 4.5) {
  const fg = parseColor(color);
  const bg = parseColor(background);
  if (!fg || !bg) {
    return color;
  }
  const target = luminance(bg) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step <= 20; step++) {
    const mixed = fg.map((c, i) => c + ((target[i] - c) * step) / 20);
    if (contrast(mixed, bg) >= ratio) {
      return toHex(mixed);
    }
  }
  return toHex(target);
}

/**
 * The page's colours from Telegram's themeParams, each text colour made readable on what it is drawn on; a
 * missing parameter takes the fallback palette's colour. Keys are the page's CSS variables.
 */
export function themeColors(params, fallback) {
  const pick = (key) => (parseColor(params?.[key]) ? params[key] : fallback[key]);
  const bg = pick('bg_color');
  const card = pick('secondary_bg_color');
  const buttonText = pick('button_text_color');
  // The button's colour is what changes: its text is Telegram's (usually white), and a darker blue keeps the
  // theme's look where lighter text could not exist.
  const button = readable(pick('button_color'), buttonText);
  // Text sits on the page and on the cards: readable on both.
  const onBoth = (color) => readable(readable(color, card), bg);
  return {
    '--bg': bg,
    '--secondary-bg': card,
    '--text': onBoth(pick('text_color')),
    '--hint': onBoth(pick('hint_color')),
    '--link': onBoth(pick('link_color')),
    '--danger': onBoth(pick('destructive_text_color')),
    '--button': button,
    '--button-text': buttonText,
  };
}

// ---------------------------------------------------------------------------------------------- dates

const pad = (n) => String(n).padStart(2, '0');

/** A Date as the value of <input type="datetime-local">, in the device's time zone: 2026-11-30T21:15. */
export function localInputValue(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as the API's date (UTC, with its Z), or null when empty or not a date. */
export function apiDate(inputValue) {
  if (!inputValue) {
    return null;
  }
  const date = new Date(inputValue);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The device-local day of a moment, as YYYY-MM-DD. */
export function dayOf(iso) {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Notes (newest first) in runs of one day each: [{ day: 'YYYY-MM-DD', notes: [...] }]. */
export function groupByDay(notes) {
  const groups = [];
  for (const note of notes) {
    const day = dayOf(note.date ?? note.timestamp);
    if (groups.at(-1)?.day === day) {
      groups.at(-1).notes.push(note);
    } else {
      groups.push({ day, notes: [note] });
    }
  }
  return groups;
}

/**
 * A month as weeks of seven cells, Monday first: each cell null (outside the month) or { date, day, notes }, with
 * the number of entries from the calendar's days.
 */
export function monthGrid(month, days) {
  const [year, monthNumber] = month.split('-').map(Number);
  const counts = new Map(days.map((d) => [d.date, d.notes]));
  const first = new Date(Date.UTC(year, monthNumber - 1, 1));
  const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= length; day++) {
    const date = `${month}-${pad(day)}`;
    cells.push({ date, day, notes: counts.get(date) ?? 0 });
  }
  while (cells.length % 7 !== 0) {
    cells.push(null);
  }
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) {
    weeks.push(cells.slice(i, i + 7));
  }
  return weeks;
}

/** The month before or after YYYY-MM. */
export function shiftMonth(month, by) {
  const [year, monthNumber] = month.split('-').map(Number);
  const date = new Date(Date.UTC(year, monthNumber - 1 + by, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}
