// Follows the room live and sends answers without leaving the page. Every page works without this script:
// it only adds what a phone expects (the next step appearing by itself, a tick beside the answer just sent).
(function () {
  "use strict";
  var body = document.body;
  var streamUrl = body.dataset.stream;
  var timer = null;

  function clockWords(seconds) {
    var whole = Math.ceil(seconds);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  function showTimer() {
    var line = document.getElementById("timer");
    if (!line || !timer) return;
    line.hidden = !timer.set;
    if (!timer.set) return;
    var left = timer.running ? Math.max(0, timer.left - (performance.now() - timer.at) / 1000) : timer.left;
    line.textContent = left <= 0 ? "time is up" : clockWords(left) + (timer.running ? " left" : " paused");
  }

  function link(words) {
    var line = document.getElementById("link");
    if (line) line.textContent = words;
  }

  function shows(root) {
    var title = root.querySelector("#step-title");
    return title ? title.dataset.shows : null;
  }

  function replaceStep(html, area) {
    var main = document.getElementById(area || "main");
    var incoming = document.createElement("template");
    incoming.innerHTML = html;
    // Each connection (the first, and every reconnection) starts with the step the room is on. When it is the
    // step already on the page, the page is kept: a half-filled questionnaire, the problems with one just
    // sent, or the note that it was sent, are not wiped.
    if (shows(main) !== null && shows(incoming.content) === shows(main)) return;
    var before = main.querySelector("h1");
    var title = before ? before.textContent : "";
    main.innerHTML = html;
    var after = main.querySelector("h1");
    // A new step: move to its title, so a screen reader reads it and the page starts at the top.
    if (after && after.textContent !== title && body.classList.contains("participant")) {
      after.focus({ preventScroll: false });
    }
  }

  var source = null;
  function follow() {
    if (!streamUrl || (source && source.readyState !== EventSource.CLOSED)) return;
    source = new EventSource(streamUrl);
    source.onopen = function () { link(""); };
    source.onerror = function () {
      link("Reconnecting…");
      // The browser retries by itself while it can; once it has given up, try again shortly.
      if (source.readyState === EventSource.CLOSED) setTimeout(follow, 5000);
    };
    source.addEventListener("step", function (e) { replaceStep(e.data); });
    source.addEventListener("board", function (e) {
      var main = document.getElementById("main");
      main.innerHTML = e.data;
      var line = document.getElementById("timer");
      if (line && timer) showTimer();
    });
    source.addEventListener("timer", function (e) {
      timer = JSON.parse(e.data);
      timer.at = performance.now();
      showTimer();
    });
    source.addEventListener("gone", function (e) {
      source.close();
      window.location.href = body.classList.contains("projector") ? "/facilitator" : "/?gone=" + encodeURIComponent(e.data);
    });
  }

  // A phone that slept, or a tab brought back, reconnects at once rather than at the browser's own pace.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") follow();
  });
  window.addEventListener("online", follow);

  // The same words on the card just tapped: on a phone the line above the cards can be a screen away. Hidden
  // from screen readers, which hear the status line already.
  function markCard(form, rating, words) {
    form.querySelectorAll(".choice-sent").forEach(function (mark) { mark.remove(); });
    form.querySelectorAll(".choice input").forEach(function (input) {
      if (input.value !== rating || !words) return;
      var mark = document.createElement("span");
      mark.className = "choice-sent";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = words;
      input.parentNode.querySelector("label").appendChild(mark);
    });
  }

  // One answer at a time, in the order given, so the last one chosen is the one kept; a reply to an answer
  // since replaced says nothing on the page.
  var queue = Promise.resolve();
  var latest = {};

  function send(form, rating) {
    var question = form.querySelector("input[name=question]").value;
    var mine = (latest[question] = (latest[question] || 0) + 1);
    queue = queue.then(function () { return post(form, question, rating, mine); });
  }

  function post(form, question, rating, mine) {
    var section = form.closest(".ask");
    var status = section && section.querySelector(".sent");
    var current = function () { return latest[question] === mine; };
    if (status) status.textContent = "Sending…";
    markCard(form, rating, "Sending…");
    return fetch("/answer", {
      method: "POST",
      headers: { "Accept": "application/json" },
      body: new URLSearchParams({ question: question, rating: rating }),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (answer.gone) { window.location.href = "/?gone=seat"; return; }
        if (!current()) return;
        if (status) status.textContent = answer.said;
        markCard(form, rating, response.ok ? answer.said : "Not sent");
        if (!response.ok) return;
        var shown = section.querySelector(".answer");
        if (shown) shown.textContent = answer.answer;
        form.querySelectorAll(".cell").forEach(function (cell) {
          var chosen = cell.value === answer.rating;
          cell.setAttribute("aria-pressed", chosen ? "true" : "false");
          cell.textContent = chosen ? "✓" : "";
        });
      });
    }).catch(function () {
      if (!current()) return;
      if (status) status.textContent = "Not sent: no connection. Tap again.";
      markCard(form, rating, "Not sent");
    });
  }

  // A tap on a card sends at once; arrowing through the choices with the keys only moves the choice, which
  // "Send my answer" then sends, so a screen reader's user does not send every option passed over.
  var pointed = false;
  document.addEventListener("pointerdown", function () { pointed = true; });
  document.addEventListener("keydown", function () { pointed = false; });

  document.addEventListener("change", function (e) {
    var radio = e.target;
    var form = radio.form;
    if (radio.type === "radio" && form && form.classList.contains("choices") && pointed) send(form, radio.value);
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("choices") && !form.classList.contains("cells")) return;
    e.preventDefault();
    var value = e.submitter && e.submitter.name === "rating" ? e.submitter.value : "";
    if (!value) {
      var checked = form.querySelector("input[name=rating]:checked");
      value = checked ? checked.value : "";
    }
    if (value) send(form, value);
  });

  var first = document.getElementById("timer");
  if (first) {
    timer = {
      set: !first.hidden,
      left: parseFloat(first.dataset.left || "0"),
      running: first.dataset.running === "yes",
      at: performance.now()
    };
  }
  setInterval(showTimer, 1000);
  follow();
})();
