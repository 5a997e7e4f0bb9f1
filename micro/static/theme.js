// Runs in <head> before the page paints: apply the remembered colour theme (dark by default).
(function () {
  var theme = null;
  try { theme = window.localStorage.getItem("theme"); } catch (e) { theme = null; }
  document.documentElement.setAttribute("data-bs-theme", theme === "light" ? "light" : "dark");
})();
