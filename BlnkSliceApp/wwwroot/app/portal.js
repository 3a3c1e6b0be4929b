// The portal's only script. The session travels as a header, never a cookie: the portal
// lives in a cross-site iframe, where browsers may block third-party cookies.
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="portal-session"]');
  var session = meta ? meta.getAttribute("content") : null;

  // The one-time launch link has been used; take its token out of the address bar and history.
  if (window.location.pathname === "/portal/enter" && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", "/portal");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (session) {
      event.detail.headers["X-Portal-Session"] = session;
    }
  });

  // Refusals the app explains itself (a panel with the reason: 403 not permitted, 409 not
  // possible now, 422 a form to correct, 503 try again shortly) are HTML meant to be shown;
  // htmx would drop them as errors.
  var explainedStatuses = [403, 409, 422, 503];
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || explainedStatuses.indexOf(xhr.status) < 0) return;
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  });

  // A failed request shows a readable message in the panel that asked, instead of nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (!target) return;
    // A panel with its own fallback text (an optional part of the portal) keeps it.
    if (target.getAttribute("data-keep-on-error") === "true") return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var notice = document.createElement("div");
    notice.className = "notice notice-error";
    notice.setAttribute("role", "alert");
    notice.textContent = status === 403
      ? "This install is not permitted to do that."
      : status === 429
        ? "Too many requests. Wait a moment and try again."
        : "Something went wrong (" + status + "). Nothing was changed; try again.";
    target.replaceChildren(notice);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.target;
    if (!target) return;
    var notice = document.createElement("div");
    notice.className = "notice notice-error";
    notice.setAttribute("role", "alert");
    notice.textContent = "The app could not be reached. Check your connection and try again.";
    target.replaceChildren(notice);
  });
})();
