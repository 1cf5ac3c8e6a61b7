// What every phone page shares (the werksessie's phone.js, the game table's game.js): filling a
// string's {placeholders}, making an element, saying the laptop is out of reach, and a request
// that carries the device's anti-forgery value. Served from the package (no CDN).
(function () {
  "use strict";
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function offline(connection, message) {
    return function (flag) {
      connection.textContent = flag ? message : "";
      connection.className = flag ? "status offline" : "status";
    };
  }
  function requester(config) {
    return function (method, path, body) {
      var options = { method: method, credentials: "same-origin", headers: {} };
      if (body !== undefined) {
        options.headers["Content-Type"] = "application/json";
        options.headers["X-CSRF-Token"] = config.csrf;
        options.body = JSON.stringify(body);
      }
      return fetch(config.base + path + "?lang=" + config.lang, options).then(function (reply) {
        return reply.json().then(function (data) { return { status: reply.status, data: data }; });
      });
    };
  }
  window.Morgen = { fill: fill, el: el, offline: offline, requester: requester };
}());
