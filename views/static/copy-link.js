// The copy button of a new share link (views/shortlists/shortlist.hbs). Progressive enhancement: without
// this script the button stays hidden and the link is plain selectable text; with it, one click copies
// the link. Loaded with <script src> from /static, which the pages' CSP allows (script-src 'self'); no
// inline script, no eval.
/* global document, window, navigator */
'use strict';

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function copyLink(button) {
  const link = document.getElementById(button.dataset.copyLink);
  const status = document.querySelector(`[data-copy-status="${button.dataset.copyLink}"]`);
  if (!link) return;
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const text = link.textContent.trim();
  // The Clipboard API needs a secure context (HTTPS or localhost); where it fails the link is selected for Ctrl+C.
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(
      () => say(button.dataset.copied),
      () => {
        selectText(link);
        say(button.dataset.failed);
      },
    );
  } else {
    // Plain HTTP: the older copy command works on a selection.
    selectText(link);
    say(document.execCommand('copy') ? button.dataset.copied : button.dataset.failed);
  }
}

for (const button of document.querySelectorAll('button[data-copy-link]')) {
  button.hidden = false;
  button.addEventListener('click', () => copyLink(button));
}
