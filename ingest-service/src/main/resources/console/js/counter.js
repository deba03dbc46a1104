import {call} from './api.js';

/**
 * Keeps an element's text at the SMS count of a text: encoding, characters and segments, as POST /v1/sms-info
 * answers (the rules of ./herald sms-info). Asks 250 ms after the last change; an older answer never overwrites a
 * newer one.
 * @param {function(): string} text reads the current text
 * @param {HTMLElement} output where the count goes (a polite live region)
 * @returns {function(): void} call it when the text changed
 */
export function smsCounter(text, output) {
  let timer = null;
  let asked = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const value = text();
      const ticket = ++asked;
      if (!value) {
        output.textContent = 'Empty text';
        return;
      }
      const answer = await call('POST', '/v1/sms-info', {body: {text: value}});
      if (ticket !== asked) {
        return;
      }
      if (!answer.ok) {
        output.textContent = answer.problem;
        return;
      }
      const info = answer.body;
      output.textContent = `${info.encoding} · ${info.characters} characters · ${info.units} units · `
          + `${info.segments} ${info.segments === 1 ? 'segment' : 'segments'}`;
      output.dataset.segments = String(info.segments);
      output.dataset.encoding = info.encoding;
    }, 250);
  };
}
