// 长者模式 and text size (templates/layout/reading-mode.html.j2, styled by reading-mode.css).
//
// Loaded synchronously in <head>: the saved choice is put on <html> as classes before the body is
// parsed, so a page never flashes at the standard size first. The buttons are wired once the page
// is parsed. The choice lives in localStorage, so it holds on every page of the site and after a
// reload; where storage is refused (private modes, a locked-down browser) the buttons still work
// on the page in front of the reader, they are just not remembered.
(function () {
  "use strict";
  var KEY = "gk-reading";
  // Text sizes, in percent of the standard one. 200% is what WCAG 1.4.4 asks text to resize to
  // without the browser's help; one step below 100 for readers who want more on a line.
  var STEPS = [90, 100, 110, 125, 150, 175, 200];
  var root = document.documentElement;
  var state = { elder: false, text: 100 };

  function load() {
    var saved = null;
    try {
      saved = JSON.parse(window.localStorage.getItem(KEY));
    } catch (e) {
      saved = null; // storage refused or a value that is not ours: keep the standard settings
    }
    state.elder = !!(saved && saved.elder === true);
    state.text = saved && STEPS.indexOf(saved.text) >= 0 ? saved.text : 100;
  }

  function save() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {
      // not remembered; the page in front of the reader still changes
    }
  }

  function applyClasses() {
    root.classList.toggle("gk-elder", state.elder);
    STEPS.forEach(function (step) {
      root.classList.toggle("gk-text-" + step, step === state.text && step !== 100);
    });
  }

  function setPressed(id, pressed) {
    var button = document.getElementById(id);
    if (button) button.setAttribute("aria-pressed", pressed ? "true" : "false");
  }

  function setLimit(id, reached) {
    // aria-disabled, not disabled: the button keeps its place in the Tab order and says why it does nothing.
    var button = document.getElementById(id);
    if (!button) return;
    if (reached) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  function showState() {
    setPressed("gk-elder", state.elder);
    setPressed("gk-text-standard", state.text === 100);
    setLimit("gk-text-smaller", state.text === STEPS[0]);
    setLimit("gk-text-larger", state.text === STEPS[STEPS.length - 1]);
    var level = document.getElementById("gk-text-level");
    if (level) level.textContent = state.text + "%";
  }

  function change(update) {
    update();
    applyClasses();
    showState();
    save();
  }

  function stepText(by) {
    var next = STEPS.indexOf(state.text) + by;
    if (next >= 0 && next < STEPS.length) change(function () { state.text = STEPS[next]; });
  }

  function wire() {
    var bar = document.getElementById("gk-reading");
    if (!bar) return;
    showState();
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !bar.contains(button)) return;
      if (button.id === "gk-elder") change(function () { state.elder = !state.elder; });
      else if (button.dataset.gkText === "smaller") stepText(-1);
      else if (button.dataset.gkText === "larger") stepText(1);
      else if (button.dataset.gkText === "standard") change(function () { state.text = 100; });
    });
  }

  root.classList.add("gk-reading-js"); // the bar is shown only where these buttons can work
  load();
  applyClasses();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
  // Another tab of the site changed the setting: follow it, so the site reads the same everywhere.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      load();
      applyClasses();
      showState();
    }
  });
})();
