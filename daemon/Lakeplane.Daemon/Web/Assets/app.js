// Lakeplane web UI: the little that pages need a script for. Everything works without it except the two things only a
// browser can do: show times in the viewer's own zone, and follow changes (cluster states) without reloading.
(function () {
  "use strict";

  var timeFormat = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short"
  });

  // <time datetime="...Z" data-local> is rendered in UTC by the server; show it in the viewer's zone, keep UTC as a tooltip.
  function localiseTimes(root) {
    root.querySelectorAll("time[data-local]").forEach(function (element) {
      var at = new Date(element.getAttribute("datetime"));
      if (!isNaN(at.getTime()) && !element.hasAttribute("data-localised")) {
        element.title = element.textContent;
        element.textContent = timeFormat.format(at);
        element.setAttribute("data-localised", "");
      }
    });
  }

  function announce(text) {
    var announcer = document.getElementById("announcer");
    if (announcer && text) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = text; }, 50);
    }
  }

  // Live regions: a [data-live-root] names a small JSON endpoint (its page's ?handler=Live) whose fingerprint changes when
  // what the page shows changes. Then the page is fetched again and each [data-live] element is swapped for its new
  // rendering, except one the person is typing in. The server renders everything; the script only moves it in.
  function followLive(root) {
    var url = root.getAttribute("data-live-url");
    var interval = parseInt(root.getAttribute("data-live-interval") || "1500", 10);
    var busy = false;

    function swap(html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var freshRoot = fresh.querySelector("[data-live-root]");
      if (!freshRoot) { return; }
      root.setAttribute("data-live-fingerprint", freshRoot.getAttribute("data-live-fingerprint") || "");
      root.querySelectorAll("[data-live]").forEach(function (region) {
        var replacement = region.id && fresh.getElementById(region.id);
        if (!replacement) { return; }
        var active = document.activeElement;
        if (active && region.contains(active) && (active.tagName === "INPUT" || active.tagName === "SELECT" || active.tagName === "TEXTAREA")) {
          return; // never pull a field from under someone's fingers; the next change brings this region up to date
        }
        var focusedId = active && region.contains(active) ? active.id : null;
        region.replaceWith(replacement);
        localiseTimes(replacement);
        if (focusedId) {
          var again = document.getElementById(focusedId);
          if (again) { again.focus(); }
        }
      });
    }

    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (live) {
          if (!live || live.fingerprint === root.getAttribute("data-live-fingerprint")) { return null; }
          return fetch(window.location.href, { credentials: "same-origin" })
            .then(function (response) { return response.text(); })
            .then(function (html) { swap(html); announce(live.announce); });
        })
        .catch(function () { /* the daemon restarting: try again at the next tick */ })
        .then(function () { busy = false; });
    }

    window.setInterval(poll, interval);
  }

  // A button with data-confirm asks before its form is sent (terminating a cluster, revoking a grant).
  function confirmations() {
    document.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var question = submitter && submitter.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localiseTimes(document);
    document.querySelectorAll("[data-live-root]").forEach(followLive);
    confirmations();
  });
})();
