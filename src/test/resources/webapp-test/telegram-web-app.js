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
  }

  /** MainButton and BackButton as page buttons, bottom right and bottom left, that a test can press. */
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
      showProgress() { button.isProgressVisible = true; render(); return button; },
      hideProgress() { button.isProgressVisible = false; render(); return button; },
      setParams(params) { if (params.text) { button.text = params.text; } render(); return button; },
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
        element.style.cssText = `position:fixed;${side}:0;bottom:0;z-index:99;font-size:12px;opacity:0.85`;
        element.addEventListener('click', () => {
          if (button.isActive) {
            listeners.forEach((callback) => callback());
          }
        });
        document.body.append(element);
      }
      element.textContent = button.text;
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
      version: '8.0',
      platform: 'tdesktop',
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
