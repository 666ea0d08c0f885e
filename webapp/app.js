// Speaking Diary Mini App: the page. The API client (api.js), the words (texts.js) and the decisions that need no
// page (rules.js) live in modules of their own.

import { ApiError, createApi } from './api.js';
import { counter, draftProblem, mediaView, originLine, problemFor, saveFailure } from './rules.js';
import { pickLanguage, TEXTS } from './texts.js';

const API = '/api/telegram';
const PAGE_SIZE = 20;
const UNDO_MS = 5000;

const tg = window.Telegram?.WebApp;
const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  initData: tg?.initData || '',
  maxLength: 4096,
  nextCursor: null,
  pendingDelete: null,
  composing: false,
  saving: false,
};

const lang = pickLanguage(tg?.initDataUnsafe?.user?.language_code, Boolean(tg?.initData), navigator.language);
const t = TEXTS[lang];
const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

function translatePage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const text = t[element.dataset.i18n];
    if (typeof text === 'string') {
      element.textContent = text;
    }
  }
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function applyTheme() {
  // Telegram's script sets the --tg-theme-* variables; the scheme picks our fallbacks and the browser's controls.
  // Outside Telegram the system's setting decides.
  const dark = state.initData ? tg.colorScheme === 'dark' : systemDark.matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

const api = createApi({ base: API, credentials: () => ({ initData: state.initData, token: state.token }) });

// ---------------------------------------------------------------------------------------------- screens

function show(section) {
  for (const id of ['loading', 'problem', 'diary', 'composer']) {
    $(id).hidden = id !== section;
  }
  $('app').setAttribute('aria-busy', String(section === 'loading'));
}

function showProblem(titleKey, textKey, retry) {
  closeComposer({ silent: true });
  $('problem-title').textContent = t[titleKey];
  $('problem-text').textContent = t[textKey];
  const button = $('problem-retry');
  button.hidden = !retry;
  button.onclick = retry
    ? () => {
        show('loading');
        retry();
      }
    : null;
  show('problem');
  (retry ? button : $('problem-title')).focus?.();
}

/** The words a user understands for what went wrong, and what to do about it. */
function explain(error, retry) {
  const problem = problemFor(error);
  showProblem(`${problem}Title`, `${problem}Text`, problem === 'offline' ? retry : undefined);
}

// ---------------------------------------------------------------------------------------------- start

async function start() {
  try {
    if (!state.token) {
      // Opened from the menu button or a t.me link: no ?session= in the URL, so trade initData for a token.
      state.token = (await api('POST', '/session')).session_token;
    }
    const me = await api('GET', '/me');
    state.maxLength = me.limits?.note_max_length ?? state.maxLength;
    if (me.user?.first_name) {
      $('greeting').textContent = t.hello(me.user.first_name);
    }
    await loadNotes(true);
    show('diary');
  } catch (error) {
    explain(error, start);
  }
}

function init() {
  translatePage();
  applyTheme();
  if (!tg || !state.initData) {
    systemDark.addEventListener('change', applyTheme);
    showProblem('outsideTitle', 'outsideText');
    return;
  }
  document.documentElement.classList.add('in-telegram');
  tg.ready();
  tg.expand();
  tg.onEvent('themeChanged', applyTheme);
  const url = new URL(window.location.href);
  state.token = url.searchParams.get('session');
  if (state.token) {
    // The token is a credential: keep it in memory, not in the address a screenshot or a reload would show.
    url.searchParams.delete('session');
    history.replaceState(null, '', url);
  }
  $('write').addEventListener('click', openComposer);
  $('more').addEventListener('click', () => loadNotes(false).catch((error) => explain(error, start)));
  $('compose-form').addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  $('cancel').addEventListener('click', () => closeComposer());
  $('text').addEventListener('input', updateCounter);
  $('toast-action').addEventListener('click', undoDelete);
  window.addEventListener('pagehide', commitPendingDelete);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      commitPendingDelete();
    }
  });
  start();
}

// ---------------------------------------------------------------------------------------------- notes

async function loadNotes(reset) {
  const after = reset ? '' : `&cursor=${encodeURIComponent(state.nextCursor)}`;
  const page = await api('GET', `/notes?limit=${PAGE_SIZE}${after}`);
  if (reset) {
    $('notes').replaceChildren();
  }
  for (const note of page.notes) {
    $('notes').append(noteItem(note));
  }
  state.nextCursor = page.next_cursor ?? null;
  $('more').hidden = state.nextCursor === null;
  $('empty').hidden = $('notes').children.length > 0;
}

function noteItem(note) {
  const item = document.createElement('li');
  item.className = 'note';
  item.dataset.id = note.id;
  item.tabIndex = -1;
  const view = mediaView(note, canPlay);
  const meta = [view.label && t[view.label], view.duration, originLine(note, t)].filter(Boolean);
  if (meta.length > 0) {
    item.append(paragraph('meta muted', meta.join(' · ')));
  }
  const media = mediaElement(view);
  if (media) {
    item.append(media);
  }
  if (view.notice) {
    item.append(paragraph('muted', t[view.notice]));
  }
  if (view.transcript) {
    const { text, notice } = view.transcript;
    item.append(text ? paragraph('transcript', text) : paragraph('muted', t[notice]));
  }
  if (view.showText) {
    item.append(paragraph('', note.text));
  }
  const footer = document.createElement('footer');
  const time = document.createElement('time');
  time.dateTime = note.timestamp;
  time.textContent = dateFormat.format(new Date(note.timestamp));
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'delete';
  remove.textContent = t.deleteText;
  remove.setAttribute('aria-label', t.deleteLabel(time.textContent));
  remove.addEventListener('click', () => deleteWithUndo(item));
  footer.append(time, remove);
  item.append(footer);
  return item;
}

function paragraph(className, text) {
  const element = document.createElement('p');
  if (className) {
    element.className = className;
  }
  element.textContent = text;
  return element;
}

const probes = {};

/** Whether this browser can play a media type (older iOS WebKit cannot play Telegram's Ogg/Opus voice messages). */
function canPlay(type) {
  const tag = type.startsWith('video/') ? 'video' : 'audio';
  probes[tag] ??= document.createElement(tag);
  return probes[tag].canPlayType(type) !== '';
}

/** The player, picture or download link of a card (mediaView decides which), or null. */
function mediaElement(view) {
  const label = view.label ? t[view.label] : '';
  if (view.element === 'audio' || view.element === 'video') {
    // Nothing loads before the user presses play: the signed URL authorises the request and answers Range.
    const player = document.createElement(view.element);
    player.controls = true;
    player.preload = 'none';
    if (view.element === 'video') {
      player.className = 'video-note';
      player.setAttribute('playsinline', '');
    }
    player.setAttribute('aria-label', label);
    player.src = view.url;
    player.addEventListener('error', refreshExpiredLinks);
    return player;
  }
  if (view.element === 'img') {
    const image = document.createElement('img');
    image.loading = 'lazy'; // before src, or the picture loads at once
    image.decoding = 'async';
    image.alt = label;
    image.src = view.url;
    image.addEventListener('error', refreshExpiredLinks);
    return image;
  }
  if (view.element === 'link') {
    const link = document.createElement('a');
    link.className = 'download';
    link.href = view.url;
    link.download = '';
    link.textContent = t[view.link];
    // Inside Telegram (Bot API 8.0+) the app's own download sheet; a WebView may ignore the download attribute.
    if (tg?.downloadFile && tg.isVersionAtLeast?.('8.0')) {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        tg.downloadFile({ url: new URL(view.url, location.href).href, file_name: view.fileName });
      });
    }
    return link;
  }
  return null;
}

let linksRefreshedAt = 0;

/**
 * Media links work for minutes: a player or picture that fails (most likely an expired link, the page having stayed
 * open) reloads the first page once a minute at most, which brings fresh links.
 */
function refreshExpiredLinks() {
  if (Date.now() - linksRefreshedAt < 60_000 || state.pendingDelete) {
    return;
  }
  linksRefreshedAt = Date.now();
  loadNotes(true).catch(() => {});
}

/** The note disappears at once; the DELETE goes out when the undo time is over (or the app is closed). */
function deleteWithUndo(item) {
  commitPendingDelete();
  const next = item.nextElementSibling;
  const pending = { item, next, timer: setTimeout(() => commitPendingDelete(), UNDO_MS) };
  state.pendingDelete = pending;
  item.remove();
  $('empty').hidden = $('notes').children.length > 0;
  toast(t.deleted, t.undo);
  (next?.querySelector('.delete') ?? $('write')).focus();
}

/** The deletion waiting for its undo time, now no longer waiting; null if there is none. */
function takePendingDelete() {
  const pending = state.pendingDelete;
  if (pending) {
    clearTimeout(pending.timer);
    state.pendingDelete = null;
    hideToast();
  }
  return pending;
}

function undoDelete() {
  const pending = takePendingDelete();
  if (pending) {
    restore(pending);
    pending.item.focus();
  }
}

function commitPendingDelete() {
  const pending = takePendingDelete();
  if (!pending) {
    return;
  }
  api('DELETE', `/notes/${pending.item.dataset.id}`).catch((error) => {
    // A note that is already gone (404) needs no undo; anything else: put it back and say so.
    if (!(error instanceof ApiError && error.status === 404)) {
      restore(pending);
      toast(t.deleteFailed);
    }
  });
}

function restore({ item, next }) {
  if (next?.isConnected) {
    next.before(item);
  } else {
    $('notes').append(item);
  }
  $('empty').hidden = true;
}

// ---------------------------------------------------------------------------------------------- writing

function openComposer() {
  state.composing = true;
  $('compose-error').textContent = '';
  show('composer');
  updateCounter();
  tg.MainButton.setText(t.save);
  tg.MainButton.onClick(save);
  tg.MainButton.show();
  tg.BackButton.onClick(closeComposer);
  tg.BackButton.show();
  $('text').focus();
}

function closeComposer({ silent = false } = {}) {
  if (!state.composing) {
    return;
  }
  state.composing = false;
  tg.MainButton.offClick(save);
  tg.MainButton.hide();
  tg.BackButton.offClick(closeComposer);
  tg.BackButton.hide();
  if (!silent) {
    show('diary');
    $('write').focus();
  }
}

function updateCounter() {
  const { used, over } = counter($('text').value, state.maxLength);
  $('counter').textContent = t.counter(used, state.maxLength);
  $('counter').classList.toggle('over', over);
  $('save').disabled = over;
  if (over) {
    tg.MainButton.disable();
  } else {
    tg.MainButton.enable();
  }
}

async function save() {
  const text = $('text').value;
  if (state.saving) {
    return;
  }
  const problem = draftProblem(text, state.maxLength);
  if (problem === 'blank') {
    $('compose-error').textContent = t.blank;
    $('text').focus();
    return;
  }
  if (problem === 'tooLong') {
    $('compose-error').textContent = t.tooLong(state.maxLength);
    return;
  }
  state.saving = true;
  $('save').disabled = true;
  tg.MainButton.showProgress();
  try {
    // A retry of the same text reuses its key, so a save whose answer was lost never makes a second note.
    if (state.saveKey?.text !== text) {
      state.saveKey = { text, key: crypto.randomUUID() };
    }
    const created = await api('POST', '/notes', { text }, { 'Idempotency-Key': state.saveKey.key });
    state.saveKey = null;
    $('notes').prepend(noteItem(created.note));
    $('empty').hidden = true;
    $('text').value = '';
    closeComposer();
    toast(t.saved);
  } catch (error) {
    const failure = saveFailure(error);
    if (failure === 'signedOut') {
      explain(error);
    } else if (failure === 'tooFast') {
      $('compose-error').textContent = t.tooFast(error.retryAfter ?? 60);
    } else {
      // The draft stays where it is.
      $('compose-error').textContent = t[failure];
    }
  } finally {
    state.saving = false;
    $('save').disabled = false;
    tg.MainButton.hideProgress();
  }
}

// ---------------------------------------------------------------------------------------------- toast

let toastTimer = null;

function toast(text, action) {
  clearTimeout(toastTimer);
  $('toast-text').textContent = text;
  $('toast-action').hidden = !action;
  $('toast-action').textContent = action || '';
  $('toast').hidden = false;
  toastTimer = setTimeout(hideToast, action ? UNDO_MS : 3000);
}

function hideToast() {
  clearTimeout(toastTimer);
  $('toast').hidden = true;
}

init();
