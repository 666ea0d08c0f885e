// Stand-in for https://telegram.org/js/telegram-web-app.js in the Mini App's browser tests (the browser maps
// telegram.org to a local server). Like the real script it reads what Telegram passes in the URL fragment
// (tgWebAppData, tgWebAppThemeParams), exposes it as Telegram.WebApp, sets the --tg-theme-* CSS variables and
// the viewport variables, and draws the MainButton and BackButton as page elements so that a test can press them.
(function () {
  'use strict';
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const initData = fragment.get('tgWebAppData') || '';
  const themeParams = JSON.parse(fragment.get('tgWebAppThemeParams') || '{}');
  const data = new URLSearchParams(initData);
  const initDataUnsafe = {};
  for (const [key, value] of data) {
    initDataUnsafe[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  const handlers = {};
  const calls = [];

  function luminance(hex) {
    const rgb = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '#ffffff');
    return rgb ? (0.299 * parseInt(rgb[1], 16) + 0.587 * parseInt(rgb[2], 16) + 0.114 * parseInt(rgb[3], 16)) : 255;
  }

  function setCssVariables() {
    const root = document.documentElement.style;
    for (const [key, value] of Object.entries(themeParams)) {
      root.setProperty(`--tg-theme-${key.replace(/_/g, '-')}`, value);
    }
    root.setProperty('--tg-viewport-height', `${window.innerHeight}px`);
    root.setProperty('--tg-viewport-stable-height', `${window.innerHeight}px`);
    // Bot API 8.0: the device's insets and those of Telegram's own controls, as a test sets them.
    const insets = JSON.parse(fragment.get('tgWebAppSafeAreaInsets') || '{}');
    for (const side of ['top', 'bottom', 'left', 'right']) {
      root.setProperty(`--tg-safe-area-inset-${side}`, `${insets[side] || 0}px`);
      root.setProperty(`--tg-content-safe-area-inset-${side}`, '0px');
    }
  }

  const version = fragment.get('tgWebAppVersion') || '8.0';
  function isVersionAtLeast(wanted) {
    const [a, b] = [version, wanted].map((v) => v.split('.').map(Number));
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if ((a[i] || 0) !== (b[i] || 0)) {
        return (a[i] || 0) > (b[i] || 0);
      }
    }
    return true;
  }

  // Bot API 9.0's DeviceStorage keeps values in the Telegram client, across openings of the Mini App; the stand-in
  // keeps them in the page's localStorage under a prefix of its own, answering asynchronously as the client does.
  const deviceStorage = {
    setItem(key, value, callback) {
      calls.push(`DeviceStorage.setItem:${key}`);
      localStorage.setItem(`tg-device-storage:${key}`, String(value));
      setTimeout(() => callback?.(null, true), 0);
      return deviceStorage;
    },
    getItem(key, callback) {
      setTimeout(() => callback?.(null, localStorage.getItem(`tg-device-storage:${key}`)), 0);
      return deviceStorage;
    },
    removeItem(key, callback) {
      calls.push(`DeviceStorage.removeItem:${key}`);
      localStorage.removeItem(`tg-device-storage:${key}`);
      setTimeout(() => callback?.(null, true), 0);
      return deviceStorage;
    },
  };

  /** MainButton and BackButton as page buttons, top right and top left, that a test can press. */
  function pageButton(id, label, side) {
    const listeners = new Set();
    let element = null;
    const button = {
      text: label,
      isVisible: false,
      isActive: true,
      isProgressVisible: false,
      setText(text) { button.text = text; render(); return button; },
      show() { button.isVisible = true; render(); return button; },
      hide() { button.isVisible = false; render(); return button; },
      enable() { button.isActive = true; render(); return button; },
      disable() { button.isActive = false; render(); return button; },
      // As Telegram's script: progress makes the button inactive unless told otherwise, and hiding it makes the
      // button active again.
      showProgress(leaveActive) { button.isProgressVisible = true; button.isActive = Boolean(leaveActive); render(); return button; },
      hideProgress() { button.isProgressVisible = false; button.isActive = true; render(); return button; },
      setParams(params) {
        if (params.text) { button.text = params.text; }
        if (params.color) { button.color = params.color; }
        if (params.text_color) { button.textColor = params.text_color; }
        render();
        return button;
      },
      onClick(callback) { listeners.add(callback); return button; },
      offClick(callback) { listeners.delete(callback); return button; },
    };
    function render() {
      if (!document.body) {
        return;
      }
      if (!element) {
        element = document.createElement('button');
        element.id = id;
        element.type = 'button';
        // At the top: Telegram draws them outside the page, and WebDriver scrolls what it clicks to the bottom edge.
        element.style.cssText = `position:fixed;${side}:0;top:0;z-index:99;font-size:12px;opacity:0.85`;
        element.addEventListener('click', () => {
          if (button.isActive) {
            listeners.forEach((callback) => callback());
          }
        });
        document.body.append(element);
      }
      element.textContent = button.text;
      element.style.background = button.color || '';
      element.style.color = button.textColor || '';
      element.hidden = !button.isVisible;
      element.disabled = !button.isActive;
      element.dataset.progress = String(button.isProgressVisible);
    }
    document.addEventListener('DOMContentLoaded', render);
    return button;
  }

  window.Telegram = {
    WebApp: {
      initData,
      initDataUnsafe,
      version,
      platform: fragment.get('tgWebAppPlatform') || 'unknown',
      isVersionAtLeast,
      isClosingConfirmationEnabled: false,
      enableClosingConfirmation() {
        calls.push('enableClosingConfirmation');
        window.Telegram.WebApp.isClosingConfirmationEnabled = true;
      },
      disableClosingConfirmation() {
        window.Telegram.WebApp.isClosingConfirmationEnabled = false;
      },
      HapticFeedback: {
        impactOccurred(style) { calls.push(`haptic:impact:${style}`); },
        notificationOccurred(type) { calls.push(`haptic:notification:${type}`); },
        selectionChanged() { calls.push('haptic:selection'); },
      },
      DeviceStorage: isVersionAtLeast('9.0') ? deviceStorage : undefined,
      downloadFile(params) { calls.push(`downloadFile:${params.file_name}`); },
      themeParams,
      colorScheme: luminance(themeParams.bg_color) < 128 ? 'dark' : 'light',
      viewportHeight: window.innerHeight,
      viewportStableHeight: window.innerHeight,
      isExpanded: false,
      MainButton: pageButton('tg-main-button', 'Continue', 'right'),
      BackButton: pageButton('tg-back-button', '‹ Back', 'left'),
      ready() { calls.push('ready'); },
      expand() { calls.push('expand'); window.Telegram.WebApp.isExpanded = true; },
      close() { calls.push('close'); },
      setHeaderColor(color) { calls.push(`setHeaderColor:${color}`); },
      onEvent(name, callback) { (handlers[name] ||= new Set()).add(callback); },
      offEvent(name, callback) { handlers[name]?.delete(callback); },
      // For tests: what the page asked of Telegram.
      _calls: calls,
    },
  };
  setCssVariables();
})();
