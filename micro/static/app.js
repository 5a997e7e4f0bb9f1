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
})();
