// The LAB hub's live page: an event stream says "something changed", then the page fetches
// every table and redraws the rows. Text only (textContent), never markup from the tables.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var s = config.strings;
  var rows = document.getElementById("rows");
  var status = document.getElementById("status");
  var lastData = null;

  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function ago(now, then) {
    if (!then) { return s.waiting; }
    var seconds = Math.max(0, Math.round(now - then));
    if (seconds < 90) { return s.ago_s.replace("{n}", seconds); }
    return s.ago_m.replace("{n}", Math.round(seconds / 60));
  }

  function render(data) {
    lastData = data;
    rows.textContent = "";
    if (!data.tables.length) {
      var empty = document.createElement("tr");
      var td = cell(empty, s.no_tables);
      td.colSpan = 7;
      rows.appendChild(empty);
      return;
    }
    data.tables.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.dataset.table = row.table;
      cell(tr, row.table, "table");
      cell(tr, row.started ? (row.team || s.none) : s.waiting, "team");
      if (!row.started) {
        cell(tr, "–"); cell(tr, "–"); cell(tr, "–"); cell(tr, "–");
      } else {
        var round = row.finished ? s.finished : (row.round + " / " + row.rounds + " (" + row.year + ")");
        cell(tr, round, "num round");
        var result = row.finished ? (row.won ? s.won : s.lost) : s.playing;
        var score = row.score_text + " · " + result;
        if (row.short && row.short.length) { score += " · " + s.short.replace("{lenses}", row.short.join(", ")); }
        cell(tr, score, "num score " + (row.above_bar ? "above" : "below"));
        var weak = row.weakest;
        cell(tr, weak ? (weak.name + " " + weak.value + " (" + weak.status_text + ")") : "–",
             "weakest " + (weak ? weak.status : ""));
        cell(tr, row.last_decision || s.none, "last");
      }
      // a table not heard for two minutes while playing: its network may be down
      var quiet = row.received && !row.finished && data.now - row.received > 120;
      cell(tr, ago(data.now, row.received), quiet ? "seen stale" : "seen");
      rows.appendChild(tr);
    });
  }

  function refresh() {
    fetch(config.base + "/lab/v1/tables?lang=" + config.lang, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        status.textContent = s.online;
        status.className = "status";
        render(data);
      })
      .catch(function () { offline(); });
  }

  function offline() {
    status.textContent = s.offline;
    status.className = "status offline";
  }

  function listen() {
    var source = new EventSource(config.base + "/lab/v1/events");
    source.onmessage = function () { refresh(); };
    source.onerror = function () { offline(); };
  }

  var button = document.getElementById("sheet");
  if (button) {
    var written = document.getElementById("written");
    button.addEventListener("click", function () {
      button.disabled = true;
      written.textContent = "…";
      fetch(config.base + "/lab/v1/sheet?lang=" + config.lang,
            {method: "POST", headers: {"X-Lab-Page": "1"}})
        .then(function (r) { return r.json().then(function (b) { return [r.ok, b]; }); })
        .then(function (result) {
          var ok = result[0], body = result[1];
          written.textContent = ok ? s.sheet_done + "\n" + body.written.join("\n")
                                   : s.sheet_failed + " " + (body.message || "");
        })
        .catch(function () { written.textContent = s.sheet_failed; })
        .then(function () { button.disabled = false; });
    });
  }

  setInterval(function () { if (lastData) { lastData.now += 5; render(lastData); } }, 5000);
  refresh();
  listen();
})();
