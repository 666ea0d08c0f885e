// Speaking Diary Mini App: the reference client of the notes API (README, "API").
// Every call carries the session token (X-Session-Token) and Telegram's signed initData (Authorization: tma …).

const API = '/api/telegram';
const PAGE_SIZE = 20;
const UNDO_MS = 5000;

const TEXTS = {
  ru: {
    title: 'Дневник',
    hello: (name) => `Привет, ${name}!`,
    loading: 'Загрузка…',
    notes: 'Записи',
    write: 'Новая запись',
    newNote: 'Новая запись',
    textLabel: 'Текст записи',
    empty: 'Здесь пока пусто. Напишите первую запись.',
    more: 'Показать ещё',
    save: 'Сохранить',
    cancel: 'Отмена',
    retry: 'Повторить',
    close: 'Закрыть',
    undo: 'Вернуть',
    saved: 'Запись сохранена',
    deleted: 'Запись удалена',
    deleteFailed: 'Не удалось удалить запись. Попробуйте ещё раз.',
    deleteLabel: (when) => `Удалить запись от ${when}`,
    deleteText: 'Удалить',
    counter: (used, max) => `${used} из ${max}`,
    blank: 'Напишите что-нибудь: пустую запись сохранить нельзя.',
    tooLong: (max) => `Слишком длинно: не больше ${max} символов.`,
    rejected: 'Запись не принята. Проверьте текст и попробуйте ещё раз.',
    tooFast: (seconds) => `Слишком много записей за минуту. Текст сохранён здесь — попробуйте через ${seconds} с.`,
    full: 'Дневник заполнен: удалите старые записи, чтобы добавить новые. Текст сохранён здесь.',
    saveOffline: 'Нет связи с сервером. Текст сохранён здесь — попробуйте ещё раз.',
    outsideTitle: 'Откройте дневник в Telegram',
    outsideText: 'Эта страница работает внутри Telegram. Отправьте боту команду /start и нажмите «Открыть приложение».',
    expiredTitle: 'Сеанс приложения устарел',
    expiredText: 'Закройте приложение и откройте его заново из чата с ботом.',
    sessionTitle: 'Нужно войти заново',
    sessionText: 'Ссылка на дневник больше не действует. Отправьте боту /start и откройте приложение по новой кнопке.',
    offlineTitle: 'Нет связи с сервером',
    offlineText: 'Проверьте интернет и попробуйте ещё раз.',
  },
  en: {
    title: 'Diary',
    hello: (name) => `Hi, ${name}!`,
    loading: 'Loading…',
    notes: 'Notes',
    write: 'New note',
    newNote: 'New note',
    textLabel: 'Note text',
    empty: 'Nothing here yet. Write your first note.',
    more: 'Show more',
    save: 'Save',
    cancel: 'Cancel',
    retry: 'Try again',
    close: 'Close',
    undo: 'Undo',
    saved: 'Note saved',
    deleted: 'Note deleted',
    deleteFailed: 'The note could not be deleted. Please try again.',
    deleteLabel: (when) => `Delete the note of ${when}`,
    deleteText: 'Delete',
    counter: (used, max) => `${used} of ${max}`,
    blank: 'Write something first: an empty note cannot be saved.',
    tooLong: (max) => `Too long: at most ${max} characters.`,
    rejected: 'The note was not accepted. Check the text and try again.',
    tooFast: (seconds) => `Too many notes this minute. Your text is kept here: try again in ${seconds} s.`,
    full: 'The diary is full: delete old notes to add new ones. Your text is kept here.',
    saveOffline: 'No connection to the server. Your text is kept here: try again.',
    outsideTitle: 'Open the diary in Telegram',
    outsideText: 'This page works inside Telegram. Send /start to the bot and tap “Открыть приложение”.',
    expiredTitle: 'This app session is too old',
    expiredText: 'Close the app and open it again from the chat with the bot.',
    sessionTitle: 'Please start again',
    sessionText: 'This diary link no longer works. Send /start to the bot and open the app from the new button.',
    offlineTitle: 'No connection to the server',
    offlineText: 'Check your internet connection and try again.',
  },
};

const tg = window.Telegram?.WebApp;
const $ = (id) => document.getElementById(id);

const state = {
  token: null,
  initData: tg?.initData || '',
  maxLength: 4096,
  nextBefore: null,
  pendingDelete: null,
  composing: false,
  saving: false,
};

const lang = pickLanguage();
const t = TEXTS[lang];
const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

/** An API refusal, with the problem's status and machine-readable reason. */
class ApiError extends Error {
  constructor(status, reason, detail, retryAfter) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.reason = reason || '';
    this.retryAfter = retryAfter;
  }
}

/** The server could not be reached at all. */
class OfflineError extends Error {}

function pickLanguage() {
  const code = tg?.initDataUnsafe?.user?.language_code || (tg?.initData ? '' : navigator.language) || '';
  return code.toLowerCase().startsWith('en') ? 'en' : 'ru';
}

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

async function api(method, path, body) {
  const headers = { Authorization: `tma ${state.initData}` };
  if (state.token) {
    headers['X-Session-Token'] = state.token;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(API + path, {
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
    throw new ApiError(response.status, payload?.reason, payload?.detail, payload?.retry_after);
  }
  return payload;
}

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
  button.onclick = retry ? () => { show('loading'); retry(); } : null;
  show('problem');
  (retry ? button : $('problem-title')).focus?.();
}

/** The words a user understands for what went wrong, and what to do about it. */
function explain(error, retry) {
  if (error instanceof ApiError && error.status === 401 && error.reason.startsWith('init_data_')) {
    showProblem('expiredTitle', 'expiredText');
  } else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    showProblem('sessionTitle', 'sessionText');
  } else {
    showProblem('offlineTitle', 'offlineText', retry);
  }
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
  $('compose-form').addEventListener('submit', (event) => { event.preventDefault(); save(); });
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
  const before = reset ? '' : `&before=${state.nextBefore}`;
  const page = await api('GET', `/notes?limit=${PAGE_SIZE}${before}`);
  if (reset) {
    $('notes').replaceChildren();
  }
  for (const note of page.notes) {
    $('notes').append(noteItem(note));
  }
  state.nextBefore = page.next_before ?? null;
  $('more').hidden = state.nextBefore === null;
  $('empty').hidden = $('notes').children.length > 0;
}

function noteItem(note) {
  const item = document.createElement('li');
  item.className = 'note';
  item.dataset.id = note.id;
  item.tabIndex = -1;
  const text = document.createElement('p');
  text.textContent = note.text;
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
  item.append(text, footer);
  return item;
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
  if (next && next.isConnected) {
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

function length(text) {
  // The server counts Unicode code points, and so does this (an emoji is one character, not two).
  return [...text].length;
}

function updateCounter() {
  const used = length($('text').value);
  const over = used > state.maxLength;
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
  if (text.trim() === '') {
    $('compose-error').textContent = t.blank;
    $('text').focus();
    return;
  }
  if (length(text) > state.maxLength) {
    $('compose-error').textContent = t.tooLong(state.maxLength);
    return;
  }
  state.saving = true;
  $('save').disabled = true;
  tg.MainButton.showProgress();
  try {
    const created = await api('POST', '/notes', { text });
    $('notes').prepend(noteItem(created.note));
    $('empty').hidden = true;
    $('text').value = '';
    closeComposer();
    toast(t.saved);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 400 || error.status === 413)) {
      $('compose-error').textContent = t.rejected;
    } else if (error instanceof ApiError && error.status === 429) {
      $('compose-error').textContent = t.tooFast(error.retryAfter ?? 60);
    } else if (error instanceof ApiError && error.status === 422) {
      $('compose-error').textContent = t.full;
    } else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      explain(error);
    } else {
      // Offline or a server error: the draft stays where it is.
      $('compose-error').textContent = t.saveOffline;
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
