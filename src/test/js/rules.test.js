import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ApiError, OfflineError } from '../../../webapp/api.js';
import {
  apiDate,
  clock,
  contrast,
  counter,
  draftProblem,
  groupByDay,
  length,
  localInputValue,
  mediaView,
  monthGrid,
  originLine,
  PALETTES,
  playbackType,
  problemFor,
  readable,
  saveFailure,
  shiftMonth,
  themeColors,
} from '../../../webapp/rules.js';
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
  test('initData grown old means the app must be reopened', () => {
    assert.equal(problemFor(new ApiError(401, 'init_data_expired')), 'expired');
    assert.equal(problemFor(new ApiError(401, 'init_data_from_the_future')), 'expired');
  });

  test('initData that fails its check is worded apart from an expiry', () => {
    assert.equal(problemFor(new ApiError(401, 'init_data_signature_invalid')), 'badSignature');
    assert.equal(problemFor(new ApiError(401, 'init_data_malformed')), 'badSignature');
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

  test('a refused sign-in says how to get back to the kept draft', () => {
    assert.equal(saveFailure(new ApiError(401, 'init_data_expired')), 'saveExpired');
    assert.equal(saveFailure(new ApiError(401, 'session_invalid')), 'saveSignedOut');
    assert.equal(saveFailure(new ApiError(403, 'user_mismatch')), 'saveSignedOut');
  });

  test('an edit of a note changed meanwhile is a conflict', () => {
    assert.equal(saveFailure(new ApiError(412, 'note_changed')), 'conflict');
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

/** A chat entry as the API sends it; `media` and `transcript` replace the defaults. */
function entry(kind, { text = '', media = {}, transcript = null } = {}) {
  return {
    id: 7,
    text,
    timestamp: '2025-05-01T08:00:00Z',
    source: 'chat',
    kind,
    forwarded_from: null,
    media:
      media === null
        ? null
        : { mime_type: 'audio/ogg', duration: 42, size: 51200, status: 'stored', url: '/media/7?sig=abc', ...media },
    transcript,
  };
}

const playsAll = () => true;
const playsNothing = () => false;

describe('playbackType', () => {
  test("Telegram's Ogg voice is asked about with its Opus codec; other types as they are", () => {
    assert.equal(playbackType('audio/ogg'), 'audio/ogg; codecs=opus');
    assert.equal(playbackType('Audio/OGG '), 'audio/ogg; codecs=opus');
    assert.equal(playbackType('audio/ogg; codecs=opus'), 'audio/ogg; codecs=opus');
    assert.equal(playbackType('audio/mpeg'), 'audio/mpeg');
    assert.equal(playbackType('video/mp4'), 'video/mp4');
    assert.equal(playbackType(undefined), '');
  });
});

describe('clock', () => {
  test('durations read as a clock', () => {
    assert.equal(clock(0), '0:00');
    assert.equal(clock(7), '0:07');
    assert.equal(clock(272), '4:32');
    assert.equal(clock(3723), '1:02:03');
    assert.equal(clock(41.6), '0:42');
  });

  test('no duration, no clock', () => {
    assert.equal(clock(null), null);
    assert.equal(clock(undefined), null);
    assert.equal(clock(-1), null);
    assert.equal(clock(Number.NaN), null);
  });
});

describe('mediaView', () => {
  test('a text note keeps its paragraph and shows no media', () => {
    const note = { id: 1, text: 'Hello', source: 'app', kind: 'text', forwarded_from: null, media: null };
    assert.deepEqual(mediaView(note, playsAll), {
      label: null,
      duration: null,
      element: null,
      url: null,
      link: null,
      fileName: null,
      notice: null,
      transcript: null,
      showText: true,
    });
    assert.equal(mediaView({ id: 2, text: 'Older note without a kind' }, playsAll).showText, true);
  });

  test('a stored voice message gets an audio player with its transcript', () => {
    const asked = [];
    const view = mediaView(
      entry('voice', { transcript: { status: 'done', text: 'Сегодня был хороший день' } }),
      (t) => {
        asked.push(t);
        return true;
      },
    );
    assert.deepEqual(view, {
      label: 'kindVoice',
      duration: '0:42',
      element: 'audio',
      url: '/media/7?sig=abc',
      link: null,
      fileName: 'voice-7.ogg',
      notice: null,
      transcript: { text: 'Сегодня был хороший день', notice: null },
      showText: false,
    });
    assert.deepEqual(asked, ['audio/ogg; codecs=opus']);
  });

  test('an audio file gets a player too', () => {
    const view = mediaView(
      entry('audio', { text: 'Песня', media: { mime_type: 'audio/mpeg', duration: 185 } }),
      playsAll,
    );
    assert.equal(view.label, 'kindAudio');
    assert.equal(view.element, 'audio');
    assert.equal(view.duration, '3:05');
    assert.equal(view.showText, true);
  });

  test('a video note gets a video player', () => {
    const view = mediaView(entry('video_note', { media: { mime_type: 'video/mp4', duration: 9 } }), playsAll);
    assert.equal(view.label, 'kindVideoNote');
    assert.equal(view.element, 'video');
    assert.equal(view.url, '/media/7?sig=abc');
  });

  test('a photo gets a picture, whatever the browser plays', () => {
    const asked = [];
    const photo = entry('photo', { text: 'Закат', media: { mime_type: 'image/jpeg', duration: null } });
    const view = mediaView(photo, (t) => asked.push(t) && false);
    assert.equal(view.label, 'kindPhoto');
    assert.equal(view.element, 'img');
    assert.equal(view.duration, null);
    assert.equal(view.link, null);
    assert.equal(view.showText, true);
    assert.deepEqual(asked, []);
  });

  test('a browser that cannot play the file gets a download link, and the transcript still shows', () => {
    const voice = mediaView(entry('voice', { transcript: { status: 'done', text: 'Привет' } }), playsNothing);
    assert.equal(voice.element, 'link');
    assert.equal(voice.link, 'downloadRecording');
    assert.equal(voice.url, '/media/7?sig=abc');
    assert.deepEqual(voice.transcript, { text: 'Привет', notice: null });
    assert.equal(mediaView(entry('audio'), playsNothing).link, 'downloadRecording');
    const video = mediaView(entry('video_note', { media: { mime_type: 'video/mp4' } }), playsNothing);
    assert.equal(video.element, 'link');
    assert.equal(video.link, 'downloadVideo');
  });

  test('only Ogg Opus refused: old iOS WebKit gets the link for voice and the player for MP3', () => {
    const oldWebKit = (type) => !type.startsWith('audio/ogg');
    assert.equal(mediaView(entry('voice'), oldWebKit).element, 'link');
    assert.equal(mediaView(entry('audio', { media: { mime_type: 'audio/mpeg' } }), oldWebKit).element, 'audio');
  });

  test('a file that is not stored has no element, and says why', () => {
    const notices = {
      pending: 'mediaPending',
      too_large: 'mediaTooLarge',
      over_quota: 'mediaOverQuota',
      failed: 'mediaFailed',
    };
    for (const kind of ['voice', 'audio', 'video_note', 'photo']) {
      for (const [status, notice] of Object.entries(notices)) {
        const view = mediaView(entry(kind, { media: { status, url: null } }), playsAll);
        assert.equal(view.element, null, `${kind} ${status}`);
        assert.equal(view.url, null, `${kind} ${status}`);
        assert.equal(view.link, null, `${kind} ${status}`);
        assert.equal(view.notice, notice, `${kind} ${status}`);
      }
    }
  });

  test('a stored file without an address, or no media at all, shows neither element nor notice', () => {
    for (const media of [{ status: 'stored', url: null }, null, { status: 'something_new', url: null }]) {
      const view = mediaView(entry('voice', { media }), playsAll);
      assert.equal(view.element, null);
      assert.equal(view.notice, null);
      assert.equal(view.label, 'kindVoice');
    }
    assert.equal(mediaView(entry('voice', { media: null }), playsAll).duration, null);
  });

  test('each transcript state', () => {
    const transcriptOf = (transcript) => mediaView(entry('voice', { transcript }), playsAll).transcript;
    assert.deepEqual(transcriptOf({ status: 'done', text: 'Текст' }), { text: 'Текст', notice: null });
    assert.deepEqual(transcriptOf({ status: 'pending', text: null }), { text: null, notice: 'transcriptPending' });
    assert.deepEqual(transcriptOf({ status: 'failed', text: null }), { text: null, notice: 'transcriptFailed' });
    assert.equal(transcriptOf({ status: 'done', text: '' }), null);
    assert.equal(transcriptOf({ status: 'done', text: null }), null);
    assert.equal(transcriptOf(null), null);
  });

  test('a media entry without a caption has no text paragraph; with one it has', () => {
    assert.equal(mediaView(entry('voice', { text: '' }), playsAll).showText, false);
    assert.equal(mediaView(entry('voice', { text: '  \n ' }), playsAll).showText, false);
    assert.equal(mediaView(entry('photo', { text: 'Подпись' }), playsAll).showText, true);
  });

  test('without text or transcript the kind label is what the card shows', () => {
    const view = mediaView(entry('photo', { media: { status: 'failed', url: null } }), playsAll);
    assert.equal(view.showText, false);
    assert.equal(view.transcript, null);
    assert.equal(view.label, 'kindPhoto');
  });

  test('a kind this page does not know yet is a file to download', () => {
    const view = mediaView(entry('document', { media: { mime_type: 'application/pdf' } }), playsAll);
    assert.equal(view.label, 'kindFile');
    assert.equal(view.element, 'link');
    assert.equal(view.link, 'downloadFile');
  });

  test('every word it names exists in both languages', () => {
    const views = [];
    for (const kind of ['voice', 'audio', 'video_note', 'photo', 'document']) {
      for (const status of ['pending', 'stored', 'too_large', 'over_quota', 'failed']) {
        for (const transcriptStatus of ['pending', 'done', 'failed']) {
          for (const canPlay of [playsAll, playsNothing]) {
            const transcript = { status: transcriptStatus, text: transcriptStatus === 'done' ? 'x' : null };
            views.push(mediaView(entry(kind, { media: { status }, transcript }), canPlay));
          }
        }
      }
    }
    const keys = new Set(views.flatMap((v) => [v.label, v.link, v.notice, v.transcript?.notice]).filter(Boolean));
    assert.ok(keys.size >= 14, [...keys].join());
    for (const key of keys) {
      assert.equal(typeof TEXTS.ru[key], 'string', `ru.${key}`);
      assert.equal(typeof TEXTS.en[key], 'string', `en.${key}`);
    }
  });
});

describe('contrast', () => {
  test('is the WCAG ratio: black on white is 21, a colour on itself 1', () => {
    assert.equal(Math.round(contrast('#000000', '#ffffff')), 21);
    assert.equal(contrast('#777', '#777'), 1);
  });

  test("Telegram's day theme is not readable as it comes", () => {
    assert.ok(contrast('#a8a8a8', '#ffffff') < 2.5);
    assert.ok(contrast('#ffffff', '#50a8eb') < 3);
  });
});

describe('readable', () => {
  test('keeps a colour that reads already', () => {
    assert.equal(readable('#222222', '#ffffff'), '#222222');
  });

  test('darkens on light backgrounds and lightens on dark ones until 4.5:1', () => {
    const hint = readable('#a8a8a8', '#ffffff');
    assert.ok(contrast(hint, '#ffffff') >= 4.5);
    assert.ok(contrast(hint, '#ffffff') < 5.5, 'no darker than it needs to be');
    const night = readable('#3a4a5a', '#17212b');
    assert.ok(contrast(night, '#17212b') >= 4.5);
  });

  test('leaves what is not a colour alone', () => {
    assert.equal(readable('var(--x)', '#ffffff'), 'var(--x)');
  });
});

describe('themeColors', () => {
  const fallback = PALETTES.light;

  test('every text colour reads on the page and on cards, and button text on the button', () => {
    const day = { bg_color: '#ffffff', secondary_bg_color: '#f0f0f0', hint_color: '#a8a8a8', button_color: '#50a8eb' };
    const colors = themeColors(day, fallback);
    for (const name of ['--text', '--hint', '--link', '--danger']) {
      assert.ok(contrast(colors[name], colors['--bg']) >= 4.5, name);
      assert.ok(contrast(colors[name], colors['--secondary-bg']) >= 4.5, name);
    }
    assert.ok(contrast(colors['--button-text'], colors['--button']) >= 4.5);
  });

  test('a missing or broken parameter takes the fallback', () => {
    const colors = themeColors({ bg_color: 'blue' }, fallback);
    assert.equal(colors['--bg'], '#ffffff');
  });
});

describe('dates', () => {
  test('a datetime-local value goes to the API as UTC', () => {
    const value = localInputValue(new Date(2025, 6, 14, 21, 30));
    assert.equal(value, '2025-07-14T21:30');
    assert.equal(apiDate(value), new Date(2025, 6, 14, 21, 30).toISOString());
    assert.equal(apiDate(''), null);
    assert.equal(apiDate('not a date'), null);
  });

  test('notes newest first fall into runs of one day', () => {
    const at = (y, m, d, h) => ({ date: new Date(y, m - 1, d, h).toISOString() });
    const groups = groupByDay([at(2026, 11, 30, 22), at(2026, 11, 30, 8), at(2026, 11, 29, 23)]);
    assert.deepEqual(
      groups.map((g) => [g.day, g.notes.length]),
      [
        ['2026-11-30', 2],
        ['2026-11-29', 1],
      ],
    );
  });

  test("a month is weeks of seven days from Monday, with each day's count", () => {
    const weeks = monthGrid('2026-12', [{ date: '2026-12-02', notes: 3 }]);
    // 1 December 2026 is a Tuesday.
    assert.equal(weeks[0][0], null);
    assert.deepEqual(weeks[0][1], { date: '2026-12-01', day: 1, notes: 0 });
    assert.equal(weeks[0][2].notes, 3);
    assert.ok(weeks.every((week) => week.length === 7));
    assert.equal(weeks.flat().filter(Boolean).length, 31);
  });

  test('months shift across years', () => {
    assert.equal(shiftMonth('2026-01', -1), '2025-12');
    assert.equal(shiftMonth('2026-12', 1), '2027-01');
  });
});
