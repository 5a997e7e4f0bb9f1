// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // The light/dark toggle, remembered per browser.
  var toggle = document.getElementById("theme-toggle");
  function label() {
    if (!toggle) { return; }
    var dark = document.documentElement.getAttribute("data-bs-theme") !== "light";
    toggle.textContent = dark ? toggle.dataset.labelLight : toggle.dataset.labelDark;
    toggle.setAttribute("aria-pressed", dark ? "false" : "true");
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = document.documentElement.getAttribute("data-bs-theme") === "light" ? "dark" : "light";
      document.documentElement.setAttribute("data-bs-theme", next);
      try { window.localStorage.setItem("theme", next); } catch (e) { /* private mode */ }
      label();
    });
    label();
  }

  // Tell the server the browser's time zone, so times are shown in local time.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
      document.cookie = "tz=" + encodeURIComponent(zone) + ";path=/;max-age=31536000;samesite=lax";
    }
  } catch (e) { /* old browser: times stay in UTC */ }

  // Live updates (micro/live.py): every `data-poll-seconds` the navbar's unread count and,
  // on a ticket page, the ticket's latest-activity stamp. When the stamp moved the page
  // is loaded again, unless the reply form holds something typed or chosen: then a notice
  // offers to show it, and the draft is carried over the reload.
  // The settings ride on the navbar's unread link, which only signed-in pages have.
  var unreadLink = document.getElementById("unread-link");
  var seconds = unreadLink ? Number(unreadLink.getAttribute("data-poll-seconds")) : 0;
  var activityUrl = unreadLink ? unreadLink.getAttribute("data-activity-url") : "";
  var thread = document.getElementById("ticket-activity");
  var form = document.getElementById("reply");
  var notice = document.getElementById("new-activity");
  var draftKey = thread ? "micro-draft-" + thread.getAttribute("data-ticket-id") : "";

  function showUnread(count, title) {
    var link = unreadLink;
    var badge = document.getElementById("unread-count");
    if (count > 0 && !badge) {
      badge = document.createElement("span");
      badge.id = "unread-count";
      badge.className = "badge rounded-pill text-bg-danger";
      badge.setAttribute("data-testid", "unread-count");
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    }
    if (count > 0) {
      badge.textContent = String(count);
    } else if (badge) {
      badge.parentNode.removeChild(badge);
    }
    link.title = title;
  }

  // The fields of the reply form that hold something the person typed or chose.
  function draft() {
    var found = {};
    var any = false;
    if (!form) { return null; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") { return; }
      if (field.type === "checkbox") {
        if (field.checked !== field.defaultChecked) { found[field.name] = field.checked; any = true; }
      } else if (field.tagName === "SELECT") {
        if (field.selectedIndex !== defaultIndex(field)) {
          found[field.name] = field.value; any = true;
        }
      } else if (field.value.trim() !== "") {  // the reply box: any text at all counts
        found[field.name] = field.value; any = true;
      }
    });
    return any ? found : null;
  }

  function defaultIndex(select) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].defaultSelected) { return i; }
    }
    return 0;
  }

  function restoreDraft() {
    var saved = null;
    try {
      saved = JSON.parse(window.sessionStorage.getItem(draftKey) || "null");
      window.sessionStorage.removeItem(draftKey);
    } catch (e) { saved = null; }
    if (!saved || !form) { return; }
    Object.keys(saved).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || field.type === "hidden") { return; }
      if (field.type === "checkbox") {
        field.checked = Boolean(saved[name]);
      } else if (field.tagName !== "SELECT" ||
                 Array.prototype.some.call(field.options, function (o) { return o.value === saved[name]; })) {
        field.value = saved[name];  // a choice the new state no longer offers is dropped
      }
    });
  }

  function showNewActivity() {
    var kept = draft();
    if (kept) {
      try { window.sessionStorage.setItem(draftKey, JSON.stringify(kept)); } catch (e) { /* full */ }
    }
    var detail = thread.getAttribute("data-detail-url");
    if (window.location.pathname === detail) {
      window.location.reload();
    } else {
      window.location.assign(detail);  // e.g. the answer to a refused form: never resubmit
    }
  }

  function activityMoved() {
    if (!draft()) {
      showNewActivity();
    } else if (notice) {
      notice.hidden = false;
    }
  }

  if (thread && draftKey) { restoreDraft(); }
  var showButton = document.getElementById("show-new-activity");
  if (showButton) { showButton.addEventListener("click", showNewActivity); }

  if (seconds > 0 && activityUrl && window.fetch) {
    var query = thread ? "?ticket=" + encodeURIComponent(thread.getAttribute("data-ticket-id")) : "";
    var timer = null;
    var asking = false;
    var stopped = false;
    var moved = false;

    var schedule = function () {
      if (!stopped && timer === null) { timer = window.setTimeout(poll, seconds * 1000); }
    };
    var poll = function () {
      window.clearTimeout(timer);
      timer = null;
      if (asking || stopped) { return; }
      if (document.hidden) { return; }  // asked again when the tab is shown
      asking = true;
      window.fetch(activityUrl + query, {credentials: "same-origin", cache: "no-store",
                                         headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (response.status === 401) { stopped = true; }  // signed out: stop asking
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (!data) { return; }
          showUnread(data.unread, data.unread_title);
          if (thread && !moved && data.ticket && data.ticket !== thread.getAttribute("data-activity")) {
            moved = true;
            activityMoved();
          }
        })
        .catch(function () { /* offline or a restart: ask again later */ })
        .then(function () { asking = false; schedule(); });
    };
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { poll(); }
    });
    schedule();
  }
})();
