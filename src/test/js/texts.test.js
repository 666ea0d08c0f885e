import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { pickLanguage, TEXTS } from '../../../webapp/texts.js';

describe('texts', () => {
  test('both languages name the same texts, each of the same kind', () => {
    assert.deepEqual(Object.keys(TEXTS.en).sort(), Object.keys(TEXTS.ru).sort());
    for (const key of Object.keys(TEXTS.ru)) {
      assert.equal(typeof TEXTS.en[key], typeof TEXTS.ru[key], key);
    }
  });

  test('no text is empty, in either language', () => {
    for (const [language, texts] of Object.entries(TEXTS)) {
      for (const [key, text] of Object.entries(texts)) {
        const shown = typeof text === 'function' ? text(1, 2) : text;
        assert.ok(shown.trim().length > 0, `${language}.${key}`);
      }
    }
  });

  test('texts with values put them in', () => {
    assert.equal(TEXTS.ru.counter(12, 4096), '12 из 4096');
    assert.equal(TEXTS.en.tooFast(42), 'Too many notes this minute. Your text is kept here: try again in 42 s.');
    assert.equal(TEXTS.ru.hello('Ада'), 'Привет, Ада!');
  });

  test('the button the bot sends is named in Russian in every language', () => {
    assert.match(TEXTS.en.outsideText, /«Открыть приложение»|“Открыть приложение”/);
    assert.match(TEXTS.ru.outsideText, /«Открыть приложение»/);
  });
});

describe('pickLanguage', () => {
  test("inside Telegram the user's Telegram language decides", () => {
    assert.equal(pickLanguage('en', true, 'ru-RU'), 'en');
    assert.equal(pickLanguage('en-GB', true, 'ru-RU'), 'en');
    assert.equal(pickLanguage('ru', true, 'en-US'), 'ru');
  });

  test('inside Telegram without a language it is Russian, whatever the browser says', () => {
    assert.equal(pickLanguage(undefined, true, 'en-US'), 'ru');
  });

  test("outside Telegram the browser's language decides", () => {
    assert.equal(pickLanguage(undefined, false, 'en-US'), 'en');
    assert.equal(pickLanguage(undefined, false, 'de-DE'), 'ru');
  });

  test('any language but English is Russian', () => {
    assert.equal(pickLanguage('uk', true, ''), 'ru');
    assert.equal(pickLanguage('EN', true, ''), 'en');
  });
});

describe('index.html', () => {
  test('every text the page names is a text of both languages', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(new URL('../../../webapp/index.html', import.meta.url), 'utf8');
    const keys = [...html.matchAll(/data-i18n="([^"]+)"/g)].map((match) => match[1]);
    assert.ok(keys.length > 5, 'the page names its texts');
    for (const key of keys) {
      assert.equal(typeof TEXTS.ru[key], 'string', `ru.${key}`);
      assert.equal(typeof TEXTS.en[key], 'string', `en.${key}`);
    }
  });
});
