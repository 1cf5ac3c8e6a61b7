// The phone's page at the game table: your roles' hands, propose for them, vote in secret.
// Served from the package (no CDN). The laptop decides what this phone may see and keeps every
// proposal and vote on disk before it answers; this script only shows the state it is sent,
// sends the player's choices and says when they are saved. It reconnects by itself: the event
// stream retries, and the page fetches the state again whenever the table changed.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var S = config.strings;
  var app = document.getElementById("app");
  var connection = document.getElementById("connection");
  var state = null;
  var chosen = {};   // role id -> card ids picked on this phone, not yet sent
  var busy = false;
  var note = "";
  var source = null;

  var fill = window.Morgen.fill;
  var el = window.Morgen.el;
  var offline = window.Morgen.offline(connection, S.offline);
  var request = window.Morgen.requester(config);

  function load() {
    return request("GET", "/api/state").then(function (reply) {
      offline(false);
      if (reply.status === 401) { window.location.reload(); return; }
      if (reply.status !== 200) { return; }
      state = reply.data;
      render();
    }, function () { offline(true); });
  }
  function send(path, body) {
    if (busy) { return; }
    busy = true;
    note = S.saving;
    render();
    request("POST", path, body).then(function (reply) {
      busy = false;
      offline(false);
      note = reply.status === 200 ? S.saved : reply.data.message;
      if (reply.status === 200 && body.role) { delete chosen[body.role]; }
      load();
    }, function () {
      busy = false;
      offline(true);
      note = S.not_saved;
      render();
    });
  }

  // ------------------------------------------------------------------ pieces
  function cardView(role, card, picking) {
    var box = el("article", { "class": "card", id: "card-" + card.id });
    box.appendChild(el("h3", {}, card.title));
    box.appendChild(el("p", { "class": "cost" }, card.cost));
    var list = el("ul", { "class": "effects" });
    card.effects.forEach(function (effect) {
      list.appendChild(el("li", { "class": "effect " + effect.kind }, effect.text));
    });
    box.appendChild(list);
    var more = el("details", {});
    more.appendChild(el("summary", {}, S.source));
    more.appendChild(el("p", {}, card.text));
    if (card.source) { more.appendChild(el("p", { "class": "about" }, card.source)); }
    box.appendChild(more);
    if (!picking) { return box; }
    if (card.reason) {
      box.appendChild(el("p", { "class": "hint" }, card.reason));
      return box;
    }
    var picked = (chosen[role.id] || []).indexOf(card.id) >= 0;
    var full = (chosen[role.id] || []).length >= role.left;
    var button = el("button", { type: "button", "class": "pick", id: "pick-" + card.id,
                                "aria-pressed": picked ? "true" : "false" },
                    picked ? "\u2713 " + S.picked : S.pick);
    if (!picked && full) { button.disabled = true; }
    button.addEventListener("click", function () {
      var list = chosen[role.id] || [];
      var at = list.indexOf(card.id);
      if (at >= 0) { list.splice(at, 1); } else if (list.length < role.left) { list.push(card.id); }
      chosen[role.id] = list;
      render();
    });
    box.appendChild(button);
    return box;
  }

  function titleOf(role, id) {
    var found = role.hand.filter(function (c) { return c.id === id; });
    return found.length ? found[0].title : id;
  }

  function roleView(role) {
    var part = el("section", { "class": "role", id: "role-" + role.id });
    part.appendChild(el("h2", {}, role.name));
    part.appendChild(el("p", { "class": "about" }, role.portfolio));
    if (role.goal) {
      part.appendChild(el("p", { "class": "goal" }, S.goal + " " + role.goal +
                          (role.goal_met ? " \u2713 " + S.goal_met : "")));
    }
    if (role.problem) { part.appendChild(el("p", { "class": "error" }, role.problem)); }
    var proposing = state.phase === "propose" && role.left > 0;
    if (proposing && role.waiting !== null) {
      var names = role.waiting.map(function (id) { return titleOf(role, id); });
      part.appendChild(el("p", { "class": "waiting", id: "waiting-" + role.id },
                          names.length ? fill(S.proposal_waiting, { cards: names.join(", ") })
                                       : S.pass));
      var back = el("button", { type: "button", id: "withdraw-" + role.id }, S.withdraw);
      back.addEventListener("click", function () { send("/api/withdraw", { role: role.id }); });
      part.appendChild(back);
    } else if (proposing) {
      part.appendChild(el("p", { "class": "hint" },
                          role.left === 1 ? S.choose_up_to_one
                                          : fill(S.choose_up_to, { count: role.left })));
    } else if (state.phase === "propose" && role.capped) {
      part.appendChild(el("p", { "class": "waiting", id: "capped-" + role.id }, S.capped));
    } else if (state.phase === "propose") {
      var placed = role.on_table.map(function (id) { return titleOf(role, id); });
      part.appendChild(el("p", { "class": "waiting" },
                          placed.length ? fill(S.proposal_placed, { cards: placed.join(", ") })
                                        : S.turn_over));
    }
    var picking = proposing && role.waiting === null;
    part.appendChild(el("h3", { "class": "hand" }, S.hand));
    role.hand.forEach(function (card) { part.appendChild(cardView(role, card, picking)); });
    if (picking) {
      var picked = chosen[role.id] || [];
      var go = el("button", { type: "button", "class": "primary", id: "send-" + role.id },
                  picked.length ? S.propose + " (" + picked.length + ")" : S.pass);
      if (busy) { go.disabled = true; }
      go.addEventListener("click", function () {
        send("/api/propose", { role: role.id, cards: picked.slice() });
      });
      part.appendChild(go);
    }
    return part;
  }

  function voteView() {
    var part = el("section", { "class": "vote", id: "vote" });
    part.appendChild(el("h2", {}, S.vote_heading));
    state.voting.forEach(function (item) {
      var row = el("div", { "class": "vote-row", id: "vote-" + item.card });
      row.appendChild(el("p", { "class": "vote-title" }, item.title));
      if (item.voted) {
        row.appendChild(el("p", { "class": "saved" }, S.voted));
      } else {
        [[true, S.vote_yes], [false, S.vote_no]].forEach(function (choice) {
          var button = el("button", { type: "button", "class": "choice",
                                      id: "vote-" + item.card + "-" + (choice[0] ? "yes" : "no") },
                          choice[1]);
          if (busy) { button.disabled = true; }
          button.addEventListener("click", function () {
            send("/api/vote", { card: item.card, yes: choice[0] });
          });
          row.appendChild(button);
        });
      }
      part.appendChild(row);
    });
    return part;
  }

  function tableView() {
    var part = el("section", { "class": "table", id: "table" });
    part.appendChild(el("h2", {}, S.table));
    if (!state.table.length) { part.appendChild(el("p", {}, S.nothing_on_table)); }
    var list = el("ul", {});
    state.table.forEach(function (item) {
      list.appendChild(el("li", {}, item.title + " (" + item.role + ")" +
                          (item.adopted ? " \u2713 " + S.adopted : "")));
    });
    part.appendChild(list);
    return part;
  }

  function comingView() {
    var part = el("section", { "class": "coming" });
    part.appendChild(el("h2", {}, S.coming));
    if (!state.coming.length) { part.appendChild(el("p", {}, S.nothing_coming)); }
    state.coming.forEach(function (year) {
      part.appendChild(el("p", {}, year.year + ": " + year.items.join(", ")));
    });
    return part;
  }

  function outlookView() {
    // The next round's likely news: what a role may want to prepare for now.
    var part = el("section", { "class": "coming", id: "outlook" });
    part.appendChild(el("h2", {}, S.outlook));
    state.outlook.forEach(function (line) { part.appendChild(el("p", {}, line)); });
    return part;
  }

  function render() {
    if (!state) { return; }
    app.textContent = "";
    app.appendChild(el("p", { "class": "you", id: "you" }, fill(S.you, { name: state.you })));
    app.appendChild(el("p", { "class": "number" },
                       fill(S.round_of, { round: state.round, rounds: state.rounds,
                                          year: state.year }) + " · " +
                       fill(S.budget, { budget: state.budget }) + " · " +
                       fill(S.score, { score: state.score, bar: state.bar })));
    app.appendChild(el("p", { "class": "saved", id: "note", role: "status" }, note));
    if (state.phase === "over") {
      app.appendChild(el("p", { "class": "message", id: "over" }, S.over));
    } else if (state.phase === "decide" && state.decision === "vote" && state.voting.length) {
      app.appendChild(voteView());
    } else if (state.phase === "decide") {
      app.appendChild(el("p", { "class": "message", id: "deciding" },
                         state.decision === "vote" ? S.vote_wait : S.deciding));
    }
    app.appendChild(tableView());
    if (state.phase === "propose" && state.limit) {
      app.appendChild(el("p", { "class": "hint", id: "limit" }, state.limit));
    }
    if (state.phase === "propose") {
      state.shared.forEach(function (shared) {
        app.appendChild(el("p", { "class": "hint", id: "shared-" + shared.role }, shared.text));
      });
    }
    state.roles.forEach(function (role) { app.appendChild(roleView(role)); });
    app.appendChild(comingView());
    if (state.outlook.length) { app.appendChild(outlookView()); }
  }

  function listen() {
    if (source) { source.close(); }
    source = new EventSource(config.base + "/api/events");
    source.onmessage = function () { load(); };
    source.onerror = function () { offline(true); };
    source.onopen = function () { offline(false); };
  }

  load();
  listen();
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { load(); listen(); }
  });
}());
