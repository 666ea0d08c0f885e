import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createDrafts } from '../../../webapp/drafts.js';

function memoryStorage() {
  const values = new Map();
  return {
    values,
    setItem: (key, value) => values.set(key, String(value)),
    getItem: (key) => (values.has(key) ? values.get(key) : null),
    removeItem: (key) => values.delete(key),
  };
}

/** Telegram's DeviceStorage: callbacks, answered later. */
function deviceStorage() {
  const values = new Map();
  return {
    values,
    setItem: (key, value, callback) => setTimeout(() => callback(null, values.set(key, value) && true)),
    getItem: (key, callback) => setTimeout(() => callback(null, values.get(key) ?? null)),
    removeItem: (key, callback) => setTimeout(() => callback(null, values.delete(key))),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('drafts', () => {
  test("a draft is kept in Telegram's DeviceStorage and comes back", async () => {
    const device = deviceStorage();
    const drafts = createDrafts({ deviceStorage: device, localStorage: memoryStorage(), user: 42 });

    drafts.save({ text: 'не потерять', date: '', key: 'k-1' });
    await settle();

    assert.deepEqual(await drafts.load(), { text: 'не потерять', date: '', key: 'k-1' });
    assert.ok(device.values.has('draft-42'));
  });

  test('without DeviceStorage, localStorage keeps it, per user', async () => {
    const local = memoryStorage();
    createDrafts({ deviceStorage: null, localStorage: local, user: 1 }).save({ text: 'a', date: '' });

    assert.equal((await createDrafts({ deviceStorage: null, localStorage: local, user: 1 }).load()).text, 'a');
    assert.equal(await createDrafts({ deviceStorage: null, localStorage: local, user: 2 }).load(), null);
  });

  test('clearing, or saving an empty draft, leaves nothing behind', async () => {
    const local = memoryStorage();
    const drafts = createDrafts({ deviceStorage: null, localStorage: local, user: 1 });
    drafts.save({ text: 'a', date: '' });
    drafts.clear();
    assert.equal(await drafts.load(), null);
    drafts.save({ text: 'b', date: '' });
    drafts.save({ text: '', date: '' });
    assert.equal(await drafts.load(), null);
  });

  test('something unreadable in storage is no draft, not an error', async () => {
    const local = memoryStorage();
    local.setItem('draft-1', '{not json');
    assert.equal(await createDrafts({ deviceStorage: null, localStorage: local, user: 1 }).load(), null);
  });
});
