// The phone's page of a werksessie: rate the current measure, hand it in, see the reveal.
// Served from the package (no CDN). The server decides what this device may see; this script
// only shows it, sends each choice and says when the laptop has saved it. It reconnects by
// itself: the event stream retries, and a choice not yet acknowledged is sent again.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var S = config.strings;
  var CHOICES = [-2, -1, 0, 1, 2, null];
  var SYMBOL = { "-2": "\u2212\u2212", "-1": "\u2212", "0": "0", "1": "+", "2": "++", "null": "?" };
  var app = document.getElementById("app");
  var connection = document.getElementById("connection");
  var state = null;
  var shownKey = null;
  var pending = {};      // dimension id -> value still to be acknowledged
  var failed = {};       // dimension id -> true when the last try did not reach the laptop
  var version = -1;
  var source = null;

  var fill = window.Morgen.fill;
  function key(value) { return value === null ? "x" : String(value); }
  function symbol(value) { return SYMBOL[String(value)]; }
  var el = window.Morgen.el;
  var offline = window.Morgen.offline(connection, S.offline);
  var request = window.Morgen.requester(config);

  function load() {
    return request("GET", "/api/state").then(function (reply) {
      offline(false);
      if (reply.status === 401) { window.location.reload(); return; }
      if (reply.status !== 200) { return; }
      state = reply.data;
      version = state.version;
      render();
      resend();
    }, function () { offline(true); });
  }

  // ------------------------------------------------------------------ rating
  function own(dimension) {
    if (Object.prototype.hasOwnProperty.call(pending, dimension)) { return pending[dimension]; }
    if (state && Object.prototype.hasOwnProperty.call(state.own, dimension)) {
      return state.own[dimension];
    }
    return undefined;
  }

  function choose(dimension, value) {
    if (!state || state.submitted || state.revealed) { return; }
    pending[dimension] = value;
    failed[dimension] = false;
    update();
    send(dimension, value, 0);
  }

  function send(dimension, value, attempt) {
    var measure = state.measure;
    request("POST", "/api/rate", { measure: measure, dimension: dimension, value: value })
      .then(function (reply) {
        offline(false);
        if (pending[dimension] !== value) { return; }  // a newer choice is on its way
        if (reply.status === 200) {
          delete pending[dimension];
          state.own[dimension] = value;
          update();
        } else if (reply.status === 429) {
          retry(dimension, value, attempt);
        } else {
          delete pending[dimension];
          message(reply.data.message);
          load();
        }
      }, function () {
        offline(true);
        failed[dimension] = true;
        update();
        retry(dimension, value, attempt);
      });
  }

  function retry(dimension, value, attempt) {
    var wait = Math.min(5000, 500 * Math.pow(2, Math.min(attempt, 4)));
    window.setTimeout(function () {
      if (pending[dimension] === value) { send(dimension, value, attempt + 1); }
    }, wait);
  }

  function resend() {
    Object.keys(pending).forEach(function (dimension) {
      if (failed[dimension]) { failed[dimension] = false; send(dimension, pending[dimension], 0); }
    });
  }

  function submit() {
    request("POST", "/api/submit", { measure: state.measure }).then(function (reply) {
      if (reply.status !== 200) { message(reply.data.message); }
      load();
    }, function () { offline(true); });
  }

  function message(text) {
    var box = document.getElementById("message");
    if (box) { box.textContent = text || ""; }
  }

  // ------------------------------------------------------------------ drawing
  function phase() {
    if (state.finished) { return "finished"; }
    if (state.revealed) { return "revealed"; }
    return state.submitted ? "waiting" : "rating";
  }

  function render() {
    var now = phase() + ":" + (state.measure || "");
    if (now !== shownKey) {
      shownKey = now;
      pending = {};
      build();
    }
    update();
  }

  function heading() {
    var measure = config.measures[state.measure];
    var box = el("section", { "class": "measure" });
    box.appendChild(el("p", { "class": "you" }, fill(S.you, { name: state.you })));
    box.appendChild(el("p", { "class": "number" },
      fill(S.measure_of, { number: state.number, total: state.measures })));
    box.appendChild(el("h1", { id: "measure-title" }, measure.title));
    box.appendChild(el("p", { "class": "description" }, measure.description));
    return box;
  }

  function build() {
    app.textContent = "";
    if (state.finished) {
      app.appendChild(el("h1", {}, config.plan));
      app.appendChild(el("p", { "class": "message", id: "finished" }, S.finished));
      return;
    }
    app.appendChild(heading());
    app.appendChild(el("p", { id: "message", "class": "error", role: "alert" }));
    if (phase() === "revealed") { buildReveal(); return; }
    if (phase() === "rating") { app.appendChild(el("p", { "class": "hint" }, S.choose)); }
    var lens = null;
    config.dimensions.forEach(function (dimension) {
      if (dimension.lens !== lens) {
        lens = dimension.lens;
        app.appendChild(el("h2", { "class": "lens" }, lens));
      }
      var row = el("fieldset", { "class": "row", id: "row-" + dimension.id });
      var legend = el("legend", {}, dimension.name);
      row.appendChild(legend);
      if (dimension.about) { row.appendChild(el("p", { "class": "about" }, dimension.about)); }
      var buttons = el("div", { "class": "choices" });
      CHOICES.forEach(function (value) {
        var button = el("button", {
          type: "button", "class": "choice", "data-dimension": dimension.id,
          "data-value": key(value), "aria-pressed": "false",
          "aria-label": dimension.name + ": " + S["choice." + key(value)],
          title: S["choice." + key(value)]
        }, symbol(value));
        button.addEventListener("click", function () { choose(dimension.id, value); });
        buttons.appendChild(button);
      });
      row.appendChild(buttons);
      row.appendChild(el("p", { "class": "saved", id: "saved-" + dimension.id, "aria-live": "polite" }));
      app.appendChild(row);
    });
    var done = el("button", { type: "button", "class": "primary", id: "submit" }, S.submit);
    done.addEventListener("click", submit);
    app.appendChild(done);
    app.appendChild(el("p", { "class": "progress", id: "progress", role: "status" }));
  }

  function update() {
    if (!state || state.finished) { return; }
    var progress = document.getElementById("progress");
    if (progress) {
      var text = fill(S.progress, { done: state.done, total: state.total });
      progress.textContent = state.submitted ? S.submitted + " " + text : text;
    }
    if (phase() === "revealed") { return; }
    var missing = 0;
    config.dimensions.forEach(function (dimension) {
      var chosen = own(dimension.id);
      if (chosen === undefined) { missing += 1; }
      var row = document.getElementById("row-" + dimension.id);
      if (!row) { return; }
      row.querySelectorAll("button.choice").forEach(function (button) {
        var on = chosen !== undefined && button.getAttribute("data-value") === key(chosen);
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.disabled = state.submitted;
      });
      var saved = document.getElementById("saved-" + dimension.id);
      var waiting = Object.prototype.hasOwnProperty.call(pending, dimension.id);
      saved.textContent = waiting ? (failed[dimension.id] ? S.not_saved : S.saving)
        : (chosen === undefined ? "" : "\u2713 " + S.saved);
      saved.className = waiting && failed[dimension.id] ? "saved warn" : "saved";
    });
    var done = document.getElementById("submit");
    if (done) {
      done.hidden = state.submitted;
      done.disabled = missing > 0 || Object.keys(pending).length > 0;
      done.textContent = missing > 0 ? fill(S.submit_missing, { count: missing }) : S.submit;
    }
  }

  function buildReveal() {
    var title = state.raters < state.total
      ? fill(S.revealed_closed, { count: state.raters }) : S.revealed;
    app.appendChild(el("h2", { id: "revealed" }, title));
    if (!state.counted) { app.appendChild(el("p", { "class": "hint" }, S.not_counted)); }
    var list = el("dl", { "class": "figures" });
    state.figures.forEach(function (figure, index) {
      var dimension = config.dimensions[index];
      var line = S.median + " " + figure.median_text + " \u00b7 " + S.spread + " " +
        figure.spread_text + (figure.mark ? " \u00b7 " + figure.mark : "");
      var yours = state.own[dimension.id];
      list.appendChild(el("dt", {}, dimension.name));
      var dd = el("dd", { id: "figure-" + dimension.id });
      dd.appendChild(el("span", { "class": "line" }, line));
      var counts = el("span", { "class": "counts", role: "list" });
      CHOICES.forEach(function (value, i) {
        var count = value === null ? figure.dont_know : figure.counts[i];
        var cell = el("span", { "class": yours === value ? "count yours" : "count",
                                role: "listitem",
                                "aria-label": S["choice." + key(value)] + ": " + count });
        cell.appendChild(el("b", {}, symbol(value)));
        cell.appendChild(el("span", {}, String(count)));
        counts.appendChild(cell);
      });
      dd.appendChild(counts);
      if (yours !== undefined) {
        dd.appendChild(el("span", { "class": "mine" }, fill(S.yours, { choice: symbol(yours) })));
      }
      list.appendChild(dd);
    });
    app.appendChild(list);
    app.appendChild(el("p", { "class": "hint" }, S.wait_next));
  }

  // ------------------------------------------------------------------ live updates
  function connect() {
    if (source) { source.close(); }
    source = new EventSource(config.base + "/api/events");
    source.onmessage = function (event) {
      offline(false);
      if (Number(event.data) !== version) { load(); }
    };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        offline(true);
        window.setTimeout(connect, 2000);
      } else if (source.readyState === EventSource.CONNECTING) {
        offline(true);
      }
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { load(); connect(); }  // back from sleep: fetch at once
  });
  window.setInterval(function () { if (!document.hidden) { load(); } }, 15000);
  load();
  connect();
}());
