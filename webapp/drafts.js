// Drafts the Mini App keeps on the device, so that text typed is never lost: not to an expired initData (Telegram
// keeps a minimised Mini App alive for hours), not to a closed app, not to a failed save. Telegram's DeviceStorage
// (Bot API 9.0) where the client has it, the WebView's localStorage otherwise. One draft per user: the composer
// holds one text at a time.

/**
 * { save(draft), load() → Promise<draft|null>, clear() }. A draft is { text, date, noteId?, version?, key? }:
 * what is typed, the date field, the note being edited and the version it was opened at, or the idempotency key
 * of a new note's save (so a retry after reopening still makes one note).
 */
export function createDrafts({ deviceStorage, localStorage, user }) {
  const key = `draft-${user}`;
  const local = {
    set: (value) => localStorage?.setItem(key, value),
    get: () => Promise.resolve(localStorage?.getItem(key) ?? null),
    remove: () => localStorage?.removeItem(key),
  };
  const device = deviceStorage && {
    set: (value) => deviceStorage.setItem(key, value, () => {}),
    get: () =>
      new Promise((resolve) => {
        deviceStorage.getItem(key, (error, value) => resolve(error ? null : (value ?? null)));
      }),
    remove: () => deviceStorage.removeItem(key, () => {}),
  };
  const store = device || local;

  return {
    save(draft) {
      try {
        if (!draft.text && !draft.date) {
          store.remove();
        } else {
          store.set(JSON.stringify(draft));
        }
      } catch {
        // Storage full or blocked: the text is still in the composer.
      }
    },
    async load() {
      try {
        const value = (await store.get()) ?? (device ? await local.get() : null);
        const draft = value ? JSON.parse(value) : null;
        return draft && typeof draft.text === 'string' ? draft : null;
      } catch {
        return null;
      }
    },
    clear() {
      try {
        store.remove();
        local.remove();
      } catch {
        // Nothing kept, nothing to clear.
      }
    },
  };
}
