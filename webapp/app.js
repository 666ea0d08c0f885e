// Speaking Diary Mini App: the page. The API client (api.js), the words (texts.js) and the decisions that need no
// page (rules.js) live in modules of their own; drafts are kept by drafts.js.

import { ApiError, createApi } from './api.js';
import { createDrafts } from './drafts.js';
import {
  apiDate,
  counter,
  draftProblem,
  groupByDay,
  localInputValue,
  mediaView,
  monthGrid,
  originLine,
  PALETTES,
  problemFor,
  saveFailure,
  shiftMonth,
  themeColors,
} from './rules.js';
import { pickLanguage, TEXTS } from './texts.js';

const API = '/api/telegram';
const PAGE_SIZE = 20;
const UNDO_MS = 5000;
const SEARCH_PAUSE_MS = 250;
const DAY_MS = 24 * 60 * 60 * 1000;

const tg = window.Telegram?.WebApp;
const $ = (id) => document.getElementById(id);
// The composer's form moves into a card to edit it; held here so that it can always be brought back.
const composeForm = $('compose-form');

const state = {
  token: null,
  initData: tg?.initData || '',
  maxLength: 4096,
  nextCursor: null,
  filter: { tag: null, day: null },
  query: '',
  month: null,
  pendingDelete: null,
  // What the composer writes: null for a new note, or the note being edited ({ id, version, item, openedDate }).
  editing: null,
  // The new note's draft, kept when the composer is left without saving: it comes back at the next "New note".
  newDraft: null,
  composing: false,
  saving: false,
  saveKey: null,
};

const lang = pickLanguage(tg?.initDataUnsafe?.user?.language_code, Boolean(tg?.initData), navigator.language);
const t = TEXTS[lang];
const dayFormat = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
const monthFormat = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', timeZone: 'UTC' });

/**
 * Inside Telegram, its own MainButton and BackButton, haptics and insets; the page's buttons are for a browser that
 * has Telegram's script but is not Telegram (platform "unknown").
 */
const native = Boolean(tg && state.initData && tg.platform !== 'unknown');
const atLeast = (version) => Boolean(tg?.isVersionAtLeast?.(version));

const drafts = createDrafts({
  deviceStorage: atLeast('9.0') ? tg.DeviceStorage : null,
  localStorage: safeLocalStorage(),
  user: tg?.initDataUnsafe?.user?.id ?? 'anonymous',
});

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by the WebView's settings
  }
}

function translatePage() {
  document.documentElement.lang = lang;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const text = t[element.dataset.i18n];
    if (typeof text === 'string') {
      element.textContent = text;
    }
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t[element.dataset.i18nLabel]);
  }
  for (const element of document.querySelectorAll('[data-i18n-placeholder]')) {
    element.placeholder = t[element.dataset.i18nPlaceholder];
  }
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function applyTheme() {
  // Telegram's colours, each text colour adjusted until it reads at 4.5:1 on what it is drawn on (rules.js).
  const dark = state.initData ? tg.colorScheme === 'dark' : systemDark.matches;
  const scheme = dark ? 'dark' : 'light';
  document.documentElement.dataset.theme = scheme;
  const colors = themeColors(state.initData ? tg.themeParams : {}, PALETTES[scheme]);
  for (const [name, value] of Object.entries(colors)) {
    document.documentElement.style.setProperty(name, value);
  }
  if (native) {
    // Telegram draws its MainButton in the theme's button colour, as unreadable as the page's would be.
    tg.MainButton.setParams({ color: colors['--button'], text_color: colors['--button-text'] });
  }
}

const api = createApi({ base: API, credentials: () => ({ initData: state.initData, token: state.token }) });

function haptic(kind) {
  if (!native || !atLeast('6.1')) {
    return;
  }
  if (kind === 'impact') {
    tg.HapticFeedback.impactOccurred('medium');
  } else {
    tg.HapticFeedback.notificationOccurred(kind);
  }
}

// ---------------------------------------------------------------------------------------------- screens

function show(section) {
  for (const id of ['loading', 'problem', 'diary', 'composer']) {
    $(id).hidden = id !== section;
  }
  $('app').setAttribute('aria-busy', String(section === 'loading'));
  syncTelegramButtons();
}

/**
 * Telegram's MainButton and BackButton, each with one handler for the app's life that does what the screen needs.
 * Handlers swapped inside a press would be called by that same press (Telegram's script runs the handlers it has
 * while it runs them): "New note" would open the composer and save it at once.
 */
function onMainButton() {
  if (state.composing) {
    save();
  } else if (!$('diary').hidden) {
    openComposer();
  }
}

function onBackButton() {
  if (state.composing) {
    cancelComposer();
  }
}

/** Telegram's MainButton and BackButton say what the screen's main action and way back are. */
function syncTelegramButtons() {
  if (!native) {
    return;
  }
  if (state.composing) {
    tg.MainButton.setText(t.save);
    tg.MainButton.show();
    tg.BackButton.show();
    updateCounter();
  } else if (!$('diary').hidden) {
    tg.MainButton.setText(t.write);
    tg.MainButton.enable();
    tg.MainButton.show();
    tg.BackButton.hide();
  } else {
    tg.MainButton.hide();
    tg.BackButton.hide();
  }
}

/**
 * A screen the user must act on. Each has a way on: retry (offline), close the app (to reopen it from the bot), or,
 * outside Telegram, a link to the bot.
 */
function showProblem(titleKey, textKey, { retry, close, bot } = {}) {
  // The draft is on the device already; it comes back when the app opens again.
  leaveComposer();
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
  $('problem-close').hidden = !close;
  $('problem-close').onclick = close ? () => tg.close() : null;
  $('problem-bot').hidden = !bot;
  if (bot) {
    $('problem-bot').href = bot;
  }
  show('problem');
  (retry ? button : $('problem-title')).focus?.();
}

/** The words a user understands for what went wrong, and what to do about it. */
function explain(error, retry) {
  const problem = problemFor(error);
  showProblem(`${problem}Title`, `${problem}Text`, problem === 'offline' ? { retry } : { close: Boolean(tg) });
}

async function showOutside() {
  showProblem('outsideTitle', 'outsideText');
  try {
    const bot = await api('GET', '/bot');
    if (bot?.url) {
      showProblem('outsideTitle', 'outsideText', { bot: bot.url });
    }
  } catch {
    // The words alone still say what to do.
  }
}

// ---------------------------------------------------------------------------------------------- start

async function start() {
  try {
    if (!state.token) {
      // Opened from the menu button or a t.me link: no ?session= in the URL, so trade initData for a token.
      state.token = (await api('POST', '/session')).session_token;
    }
    // The profile, the first page, the tags and "on this day" at once: one round trip's wait, not four.
    const [me] = await Promise.all([api('GET', '/me'), loadNotes(true), loadTags(), loadOnThisDay()]);
    state.maxLength = me.limits?.note_max_length ?? state.maxLength;
    if (me.user?.first_name) {
      $('greeting').textContent = t.hello(me.user.first_name);
    }
    keepTimeZone(me.user);
    show('diary');
    await restoreDraft();
  } catch (error) {
    explain(error, start);
  }
}

/** The user's days follow the device's time zone, as Telegram's own clients follow the phone. */
function keepTimeZone(user) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && user && user.time_zone !== zone) {
    api('PATCH', '/me', { time_zone: zone }).catch(() => {});
  }
}

function init() {
  translatePage();
  applyTheme();
  if (!tg || !state.initData) {
    systemDark.addEventListener('change', applyTheme);
    showOutside();
    return;
  }
  document.documentElement.classList.toggle('in-telegram', native);
  tg.ready();
  tg.expand();
  if (native) {
    tg.MainButton.onClick(onMainButton);
    tg.BackButton.onClick(onBackButton);
  }
  tg.onEvent('themeChanged', applyTheme);
  const url = new URL(window.location.href);
  state.token = url.searchParams.get('session');
  if (state.token) {
    // The token is a credential: keep it in memory, not in the address a screenshot or a reload would show.
    url.searchParams.delete('session');
    history.replaceState(null, '', url);
  }
  $('write').addEventListener('click', () => openComposer());
  $('more').addEventListener('click', () => loadNotes(false).catch((error) => explain(error, start)));
  $('compose-form').addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  $('cancel').addEventListener('click', cancelComposer);
  $('close-app').addEventListener('click', () => tg.close());
  $('text').addEventListener('input', onDraftInput);
  $('date').addEventListener('input', onDraftInput);
  $('toast-action').addEventListener('click', undoDelete);
  $('search').addEventListener('input', onSearchInput);
  $('filter-clear').addEventListener('click', () => setFilter({ tag: null, day: null }));
  $('calendar-toggle').addEventListener('click', toggleCalendar);
  $('month-previous').addEventListener('click', () => showMonth(shiftMonth(state.month, -1)));
  $('month-next').addEventListener('click', () => showMonth(shiftMonth(state.month, 1)));
  window.addEventListener('pagehide', commitPendingDelete);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      commitPendingDelete();
    }
  });
  start();
}

// ---------------------------------------------------------------------------------------------- notes

function listPath(cursor) {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (state.filter.tag) {
    params.set('tag', state.filter.tag);
  }
  if (state.filter.day) {
    params.set('day', state.filter.day);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return `/notes?${params}`;
}

async function loadNotes(reset) {
  if (reset) {
    settleBeforeRedraw();
  }
  const page = await api('GET', listPath(reset ? null : state.nextCursor));
  if (reset) {
    $('notes').replaceChildren();
  }
  appendByDay(page.notes);
  state.nextCursor = page.next_cursor ?? null;
  $('more').hidden = state.nextCursor === null;
  updateEmpty();
}

/** Cards go under their day's heading; a page that goes on with the last day adds to it. */
function appendByDay(notes) {
  for (const group of groupByDay(notes)) {
    let day = $('notes').lastElementChild;
    if (day?.dataset.day !== group.day) {
      day = dayGroup(group.day);
      $('notes').append(day);
    }
    for (const note of group.notes) {
      day.querySelector('ol').append(noteItem(note));
    }
  }
}

function dayGroup(isoDay) {
  const item = document.createElement('li');
  item.className = 'day';
  item.dataset.day = isoDay;
  const heading = document.createElement('h3');
  const [year, month, day] = isoDay.split('-').map(Number);
  heading.textContent = dayFormat.format(new Date(year, month - 1, day));
  const list = document.createElement('ol');
  list.className = 'day-notes';
  item.append(heading, list);
  return item;
}

/** Puts a new or re-dated card where its date belongs: under its day, newest first. */
function placeCard(card, note) {
  const date = new Date(note.date);
  const isoDay = groupByDay([note])[0].day;
  let day = [...$('notes').children].find((element) => element.dataset.day === isoDay);
  if (!day) {
    day = dayGroup(isoDay);
    const later = [...$('notes').children].find((element) => element.dataset.day < isoDay);
    $('notes').insertBefore(day, later ?? null);
  }
  const list = day.querySelector('ol');
  const older = [...list.children].find((element) => element !== card && new Date(element.dataset.date) < date);
  list.insertBefore(card, older ?? null);
}

function removeEmptyDays() {
  for (const day of [...$('notes').children]) {
    if (!day.querySelector('.note')) {
      day.remove();
    }
  }
}

function updateEmpty() {
  removeEmptyDays();
  $('empty').hidden = $('notes').querySelector('.note') !== null || Boolean(state.query);
}

function noteItem(note) {
  const item = document.createElement('li');
  item.className = 'note';
  item.dataset.id = note.id;
  item.dataset.version = note.version;
  item.dataset.date = note.date;
  item.tabIndex = -1;
  item._note = note;
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
  if (note.snippet) {
    item.append(snippetParagraph(note.snippet));
  } else if (view.showText) {
    item.append(paragraph('text', note.text));
  }
  if (note.tags?.length > 0) {
    const chips = document.createElement('p');
    chips.className = 'chips';
    for (const tag of note.tags) {
      chips.append(tagChip(tag));
    }
    item.append(chips);
  }
  const footer = document.createElement('footer');
  const time = document.createElement('time');
  time.dateTime = note.date;
  // Under its day's heading a card needs the time only; search results and "on this day" have no heading.
  time.textContent = (note.snippet ? fullFormat : timeFormat).format(new Date(note.date));
  const when = fullFormat.format(new Date(note.date));
  const edit = iconButton('edit', t.editLabel(when));
  edit.addEventListener('click', () => openEditor(item));
  const remove = iconButton('delete', t.deleteLabel(when));
  remove.addEventListener('click', () => deleteWithUndo(item));
  const actions = document.createElement('span');
  actions.className = 'card-actions';
  actions.append(edit, remove);
  footer.append(time, actions);
  item.append(footer);
  return item;
}

/** Line drawings in the text's colour (an emoji would bring colours of its own). */
const ICONS = {
  edit: 'M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4',
  delete: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13M10 11v6M14 11v6',
};

/** A 44 px control with a drawn symbol and a spoken name, as calm as the text around it. */
function iconButton(className, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `icon ${className}`;
  button.setAttribute('aria-label', label);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[className]);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  button.append(svg);
  return button;
}

function paragraph(className, text) {
  const element = document.createElement('p');
  if (className) {
    element.className = className;
  }
  element.textContent = text;
  return element;
}

/** A search hit's snippet: its pieces as text, the matches in <mark>; nothing in it is ever read as markup. */
function snippetParagraph(segments) {
  const element = document.createElement('p');
  element.className = 'text snippet';
  for (const segment of segments) {
    if (segment.match) {
      const mark = document.createElement('mark');
      mark.textContent = segment.text;
      element.append(mark);
    } else {
      element.append(document.createTextNode(segment.text));
    }
  }
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
    if (tg?.downloadFile && atLeast('8.0')) {
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
  if (Date.now() - linksRefreshedAt < 60_000 || state.pendingDelete || state.editing || state.query) {
    return;
  }
  linksRefreshedAt = Date.now();
  loadNotes(true).catch(() => {});
}

// ---------------------------------------------------------------------------------------------- tags, days

function tagChip(tag) {
  const chip = document.createElement('button');
  chip.type = 'button';
  chip.className = 'chip';
  chip.textContent = `#${tag}`;
  chip.setAttribute('aria-pressed', String(state.filter.tag === tag));
  chip.addEventListener('click', () => setFilter({ tag: state.filter.tag === tag ? null : tag, day: null }));
  return chip;
}

async function loadTags() {
  const { tags } = await api('GET', '/tags');
  const shown = tags.slice(0, 20);
  $('tags').replaceChildren(...shown.map(({ tag }) => tagChip(tag)));
  $('tags').hidden = shown.length === 0;
}

/**
 * Before the list is drawn again: an edit in a card is left (its draft kept), and a deletion waiting for its undo
 * goes out, so that no card the user is acting on disappears under them.
 */
function settleBeforeRedraw() {
  if (state.editing) {
    leaveComposer();
  }
  commitPendingDelete();
}

/** The list narrowed to a tag or a day (or neither), from its first page. */
function setFilter(filter) {
  settleBeforeRedraw();
  state.filter = filter;
  for (const chip of $('tags').querySelectorAll('.chip')) {
    chip.setAttribute('aria-pressed', String(chip.textContent === `#${filter.tag}`));
  }
  const words = filter.tag ? t.filterTag(filter.tag) : filter.day ? t.filterDay(dayName(filter.day)) : '';
  $('filter-text').textContent = words;
  $('filter').hidden = !words;
  $('search').value = '';
  state.query = '';
  loadNotes(true).catch((error) => explain(error, start));
}

function dayName(isoDay) {
  const [year, month, day] = isoDay.split('-').map(Number);
  return shortDayFormat.format(new Date(Date.UTC(year, month - 1, day)));
}

async function loadOnThisDay() {
  const found = await api('GET', '/notes/on-this-day');
  const list = $('on-this-day-notes');
  list.replaceChildren();
  const thisYear = Number(found.date.slice(0, 4));
  for (const note of found.notes.slice(0, 3)) {
    const item = document.createElement('li');
    const years = thisYear - new Date(note.date).getFullYear();
    const when = document.createElement('span');
    when.className = 'muted';
    when.textContent = `${t.yearsAgo(Math.max(years, 1))} · `;
    item.append(when, document.createTextNode(note.text || t[mediaView(note, canPlay).label] || ''));
    list.append(item);
  }
  $('on-this-day').hidden = found.notes.length === 0;
}

function toggleCalendar() {
  const open = $('calendar').hidden;
  $('calendar').hidden = !open;
  $('calendar-toggle').setAttribute('aria-expanded', String(open));
  if (open) {
    const now = new Date();
    showMonth(state.month ?? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`);
  }
}

async function showMonth(month) {
  state.month = month;
  const [year, monthNumber] = month.split('-').map(Number);
  $('calendar-title').textContent = monthFormat.format(new Date(Date.UTC(year, monthNumber - 1, 1)));
  let found;
  try {
    found = await api('GET', `/notes/calendar?month=${month}`);
  } catch (error) {
    explain(error, start);
    return;
  }
  if (state.month !== month) {
    return; // the user moved on meanwhile
  }
  const table = $('month');
  table.replaceChildren();
  for (const week of monthGrid(month, found.days)) {
    const row = table.insertRow();
    for (const cell of week) {
      const td = row.insertCell();
      if (!cell) {
        continue;
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.className = cell.notes > 0 ? 'day-cell has-notes' : 'day-cell';
      button.textContent = String(cell.day);
      button.dataset.date = cell.date;
      button.setAttribute('aria-label', t.dayEntries(dayName(cell.date), cell.notes));
      button.disabled = cell.notes === 0;
      button.addEventListener('click', () => setFilter({ tag: null, day: cell.date }));
      td.append(button);
    }
  }
}

// ---------------------------------------------------------------------------------------------- search

let searchTimer = null;
let searchRun = 0;

function onSearchInput() {
  clearTimeout(searchTimer);
  // A pause in typing, not every key, asks the server.
  searchTimer = setTimeout(runSearch, SEARCH_PAUSE_MS);
}

async function runSearch() {
  const query = $('search').value;
  state.query = query.trim() ? query : '';
  const run = ++searchRun;
  settleBeforeRedraw();
  try {
    if (!state.query) {
      await loadNotes(true);
      return;
    }
    const found = await api('GET', `/notes?limit=${PAGE_SIZE}&q=${encodeURIComponent(query)}`);
    if (run !== searchRun) {
      return; // a later search is on its way
    }
    $('notes').replaceChildren();
    const results = document.createElement('li');
    results.className = 'day results';
    const list = document.createElement('ol');
    list.className = 'day-notes';
    list.append(...found.notes.map(noteItem));
    results.append(list);
    $('notes').append(results);
    $('more').hidden = true;
    $('empty').hidden = true;
    if (found.notes.length === 0) {
      results.replaceChildren(paragraph('muted', t.noResults));
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      return; // half-typed syntax: the next key fixes it
    }
    explain(error, start);
  }
}

// ---------------------------------------------------------------------------------------------- deleting

/** The note disappears at once; the DELETE goes out when the undo time is over (or the app is closed). */
function deleteWithUndo(item) {
  if (state.saving) {
    return;
  }
  if (state.editing?.item === item) {
    leaveComposer();
  }
  commitPendingDelete();
  const parent = item.parentElement;
  const next = item.nextElementSibling;
  const pending = { item, parent, next, timer: setTimeout(() => commitPendingDelete(), UNDO_MS) };
  state.pendingDelete = pending;
  const focusAfter = next?.querySelector('.delete') ?? $('search');
  item.remove();
  haptic('impact');
  updateEmpty();
  toast(t.deleted, t.undo);
  focusAfter.focus();
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

function restore({ item, parent, next }) {
  if (next?.isConnected) {
    next.before(item);
  } else if (parent?.isConnected) {
    parent.append(item);
  } else {
    placeCard(item, item._note);
  }
  $('empty').hidden = true;
}

// ---------------------------------------------------------------------------------------------- writing

/** A new note, in the composer screen. */
function openComposer(restored) {
  if (state.composing) {
    return;
  }
  const draft = restored ?? state.newDraft;
  state.editing = null;
  $('composer-title').textContent = t.newNote;
  $('composer').append(composeForm);
  fillComposer(draft?.text ?? '', draft?.date ?? '');
  state.saveKey = draft?.key ? { text: draft.text, date: draft.date ?? '', key: draft.key } : null;
  state.composing = true;
  show('composer');
  afterOpen(draft);
}

/** An existing note, edited where its card is. */
function openEditor(item, draft) {
  if (state.composing) {
    return;
  }
  const note = item._note;
  const openedDate = localInputValue(new Date(note.date));
  state.editing = { id: note.id, version: draft?.version ?? note.version, item, openedDate };
  fillComposer(draft?.text ?? note.text, draft?.date ?? openedDate);
  item.classList.add('editing');
  item.append(composeForm);
  state.composing = true;
  syncTelegramButtons();
  afterOpen(draft);
}

function fillComposer(text, date) {
  $('text').value = text;
  $('date').value = date;
  // Up to a day ahead, as the server allows.
  $('date').max = localInputValue(new Date(Date.now() + DAY_MS));
  $('compose-error').textContent = '';
  $('compose-note').textContent = '';
  $('close-app').hidden = true;
}

function afterOpen(draft) {
  updateCounter();
  updateClosingConfirmation();
  if (draft?.text || draft?.date) {
    $('compose-note').textContent = t.draftRestored;
  }
  $('text').focus();
}

/** The draft is kept on the device at each change, so that nothing typed is lost to an expiry or a closed app. */
function onDraftInput() {
  if ($('compose-error').dataset.problem === 'blank') {
    setComposeError('', null);
  }
  updateCounter();
  updateClosingConfirmation();
  const draft = currentDraft();
  if (!state.editing) {
    state.newDraft = draft;
  }
  drafts.save(draft);
}

function currentDraft() {
  const draft = { text: $('text').value, date: $('date').value };
  if (state.editing) {
    draft.noteId = state.editing.id;
    draft.version = state.editing.version;
  } else if (state.saveKey) {
    draft.key = state.saveKey.key;
  }
  return draft;
}

/** Telegram asks before closing while there is unsaved text. */
function updateClosingConfirmation() {
  if (!native || !atLeast('6.2')) {
    return;
  }
  if (state.composing && $('text').value.trim() !== '') {
    tg.enableClosingConfirmation();
  } else {
    tg.disableClosingConfirmation();
  }
}

async function restoreDraft() {
  const draft = await drafts.load();
  if (!draft || (!draft.text && !draft.date)) {
    return;
  }
  if (draft.noteId) {
    const item = $('notes').querySelector(`.note[data-id="${draft.noteId}"]`);
    if (item) {
      openEditor(item, draft);
      return;
    }
    // The note is not on the first page: the text comes back as a new note rather than being lost.
  }
  openComposer({ ...draft, noteId: undefined });
}

/** Leaves the composer without touching the draft on the device. */
function leaveComposer() {
  if (!state.composing) {
    return;
  }
  state.composing = false;
  const editing = state.editing;
  state.editing = null;
  $('composer').append(composeForm);
  editing?.item.classList.remove('editing');
  updateClosingConfirmation();
  show('diary');
  (editing ? editing.item.querySelector('.edit') : native ? $('search') : $('write'))?.focus();
}

/**
 * Back or Cancel. A new note's draft stays, on the device and for the next "New note", as Telegram keeps a chat's
 * unsent message; an edit's is dropped, since the note itself is there unchanged.
 */
function cancelComposer() {
  if (state.saving) {
    return; // the save's answer decides
  }
  if (state.editing) {
    drafts.clear();
  }
  leaveComposer();
}

function setComposeError(text, problem) {
  $('compose-error').textContent = text;
  $('compose-error').dataset.problem = problem ?? '';
}

function updateCounter() {
  const { used, over } = counter($('text').value, state.maxLength);
  $('counter').textContent = t.counter(used, state.maxLength);
  $('counter').classList.toggle('over', over);
  // An over-long text never gets its Save back, whatever else happens.
  const blocked = over || state.saving;
  $('save').disabled = blocked;
  if (native && state.composing) {
    if (blocked) {
      tg.MainButton.disable();
    } else {
      tg.MainButton.enable();
    }
  }
}

async function save() {
  const text = $('text').value;
  if (state.saving) {
    return;
  }
  const problem = draftProblem(text, state.maxLength);
  const editingMedia = state.editing && state.editing.item._note.kind !== 'text';
  if (problem === 'blank' && !editingMedia) {
    setComposeError(t.blank, 'blank');
    $('text').focus();
    return;
  }
  if (problem === 'tooLong') {
    setComposeError(t.tooLong(state.maxLength), 'tooLong');
    return;
  }
  const date = apiDate($('date').value);
  state.saving = true;
  // What is typed during the save would not be in it: nothing can be typed until it is answered.
  $('text').readOnly = true;
  $('date').readOnly = true;
  updateCounter();
  if (native) {
    tg.MainButton.showProgress();
  }
  try {
    const saved = state.editing ? await saveEdit(text, date) : await saveNew(text, date);
    drafts.clear();
    haptic('success');
    const editing = state.editing;
    if (!editing) {
      state.newDraft = null;
    }
    finishSaving();
    leaveComposer();
    const card = noteItem(saved.note);
    if (editing) {
      editing.item.replaceWith(card);
      card.remove();
    }
    if (!state.query && !state.filter.tag && !state.filter.day && withinLoaded(saved.note)) {
      placeCard(card, saved.note);
    }
    updateEmpty();
    toast(t.saved);
    loadTags().catch(() => {});
  } catch (error) {
    haptic('error');
    finishSaving();
    showSaveFailure(error, text);
  }
}

function finishSaving() {
  state.saving = false;
  $('text').readOnly = false;
  $('date').readOnly = false;
  if (native) {
    // Telegram's hideProgress() makes the button active again: the counter decides after it.
    tg.MainButton.hideProgress();
  }
  updateCounter();
}

/**
 * Whether a note belongs among the cards loaded so far: newer than the oldest of them, or every page is loaded.
 * One older than that comes with a later page ("Show more"), and is not shown twice.
 */
function withinLoaded(note) {
  const cards = $('notes').querySelectorAll('.note');
  if (state.nextCursor === null || cards.length === 0) {
    return true;
  }
  return new Date(note.date) >= new Date(cards[cards.length - 1].dataset.date);
}

async function saveNew(text, date) {
  // A retry of the same text and date reuses its key, so a save whose answer was lost never makes a second note.
  const dateValue = $('date').value;
  if (state.saveKey?.text !== text || state.saveKey?.date !== dateValue) {
    state.saveKey = { text, date: dateValue, key: crypto.randomUUID() };
    drafts.save(currentDraft());
  }
  const body = date ? { text, date } : { text };
  const created = await api('POST', '/notes', body, { 'Idempotency-Key': state.saveKey.key });
  state.saveKey = null;
  return created;
}

async function saveEdit(text, date) {
  const { id, version, openedDate } = state.editing;
  // The date goes only when the user changed it: the field holds minutes, the note microseconds.
  const body = date && $('date').value !== openedDate ? { text, date } : { text };
  return api('PATCH', `/notes/${id}`, body, { 'If-Match': `"${version}"` });
}

/** The composer stays open with its text whatever went wrong, and says what to do. */
function showSaveFailure(error, text) {
  const failure = saveFailure(error);
  if (failure === 'editGone' && state.editing) {
    // Deleted on another device meanwhile: the text becomes a new note's draft rather than be lost.
    const draft = { text, date: '' };
    const { item } = state.editing;
    drafts.save(draft);
    leaveComposer();
    item.remove();
    updateEmpty();
    openComposer(draft);
    setComposeError(t.editGone, failure);
    return;
  }
  if (failure === 'saveRetry') {
    state.saveKey = null;
  }
  if (failure === 'tooFast') {
    setComposeError(t.tooFast(error.retryAfter ?? 60), failure);
  } else if (failure === 'conflict') {
    // Saving again writes over the version that is there now, which the message shows.
    const current = error.body?.note;
    if (current && state.editing) {
      state.editing.version = current.version;
      drafts.save(currentDraft());
    }
    setComposeError(t.conflict(current?.text ?? ''), failure);
  } else {
    setComposeError(t[failure], failure);
    $('close-app').hidden = !(failure === 'saveExpired' || failure === 'saveSignedOut');
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
