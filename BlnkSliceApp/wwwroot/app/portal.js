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

  // Every answer the app wrote as HTML is meant to be shown, whatever its status: a form with
  // its errors (422), a refusal with its reason (403, 409, 503), a missing run (404). htmx
  // would drop them as errors. (A dead session's 401 carries HX-Redirect, which htmx follows first.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status < 400) return;
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") !== 0 || !xhr.responseText) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  });

  // Anything else that failed (no HTML to show: a ProblemDetails, a proxy's page, no answer)
  // becomes a readable message in the part of the page that asked, which keeps its content.
  function describe(status, xhr) {
    var detail = null;
    try {
      var body = xhr && xhr.responseText ? JSON.parse(xhr.responseText) : null;
      if (body && typeof body === "object") {
        if (body.errors && typeof body.errors === "object") {
          var first = Object.keys(body.errors).map(function (k) { return body.errors[k]; })[0];
          detail = Array.isArray(first) ? first[0] : (typeof first === "string" ? first : null);
        }
        detail = detail || body.detail || null;
      }
    } catch (e) { detail = null; }
    var text;
    switch (true) {
      case status === 0: text = "The app could not be reached. Check your connection and try again."; break;
      case status === 400: text = "The app could not read that request, so nothing was changed."; break;
      case status === 401: case status === 410: text = "Your session has ended. Launch the app again from Blnk Cloud."; break;
      case status === 403: text = "This install is not permitted to do that. See Permissions."; break;
      case status === 404: text = "That is not here any more. Open the view again from the navigation."; break;
      case status === 405: text = "That action is not available here."; break;
      case status === 409: text = "That cannot be done right now; the page shows why once it refreshes."; break;
      case status === 413: text = "That is too large to send."; break;
      case status === 415: text = "The app could not read that form, so nothing was changed."; break;
      case status === 422: text = "Some values need correcting, so nothing was saved."; break;
      case status === 429: text = "Too many requests. Wait a moment and try again."; break;
      case status >= 500: text = "The app had a problem (" + status + "). Nothing was changed; try again in a moment."; break;
      default: text = "That did not work (" + status + "). Nothing was changed; try again."; break;
    }
    return detail && detail.length < 300 ? text + " " + detail : text;
  }

  function showInPlace(elt, message) {
    var place = (elt && elt.closest && (elt.closest(".card") || elt.closest(".view"))) || document.getElementById("portal-messages") || document.body;
    var old = place.querySelector(":scope > .notice[data-client-error]");
    if (old) old.remove();
    var notice = document.createElement("div");
    notice.className = "notice notice-error";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-client-error", "true");
    notice.setAttribute("data-testid", "portal-error");
    var body = document.createElement("div");
    body.className = "notice-body";
    body.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "notice-close";
    close.setAttribute("aria-label", "Dismiss this message");
    close.setAttribute("data-dismiss", "notice");
    close.textContent = "\u00d7";
    notice.appendChild(body);
    notice.appendChild(close);
    var heading = place.querySelector(":scope > h2, :scope > h3, :scope > .view-head");
    if (heading && heading.nextSibling) place.insertBefore(notice, heading.nextSibling);
    else place.insertBefore(notice, place.firstChild);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    showInPlace(event.detail.elt, describe(xhr ? xhr.status : 0, xhr));
  });
  document.addEventListener("htmx:sendError", function (event) { showInPlace(event.detail.elt, describe(0, null)); });
  document.addEventListener("htmx:timeout", function (event) { showInPlace(event.detail.elt, describe(0, null)); });

  // Times: the server writes UTC; people read their own locale and time zone (UTC stays on hover).
  var dateTime = null, dateOnly = null;
  try {
    dateTime = new Intl.DateTimeFormat(navigator.language || undefined, { dateStyle: "medium", timeStyle: "short" });
    dateOnly = new Intl.DateTimeFormat(navigator.language || undefined, { dateStyle: "medium", timeZone: "UTC" });
  } catch (e) { dateTime = null; }
  function localTimes(root) {
    if (!dateTime) return;
    root.querySelectorAll("time[data-local]").forEach(function (time) {
      var at = new Date(time.getAttribute("datetime"));
      if (isNaN(at.getTime())) return;
      time.textContent = time.getAttribute("data-local") === "date" ? dateOnly.format(at) : dateTime.format(at);
    });
  }

  // Notices: each can be dismissed; good news fades after a while (or simply goes, with reduced motion).
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest('[data-dismiss="notice"]');
    if (!close) return;
    var notice = close.closest(".notice");
    if (notice) notice.remove();
  });
  function fadeNotices(root) {
    root.querySelectorAll('.notice[data-fade="true"]').forEach(function (notice) {
      window.setTimeout(function () {
        if (!notice.isConnected || notice.contains(document.activeElement)) return;
        if (reducedMotion) { notice.remove(); return; }
        notice.classList.add("notice-fading");
        window.setTimeout(function () { notice.remove(); }, 600);
      }, 8000);
    });
  }

  // The navigation marks the view that is shown, whichever link opened it.
  function markNavigation(view) {
    var key = view && view.getAttribute("data-view");
    if (!key) return;
    document.querySelectorAll(".portal-nav a[data-nav]").forEach(function (link) {
      if (link.getAttribute("data-nav") === key) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  // After a swap: a form that came back with errors gets focus on its first error; a new view
  // whose opener went away with the old one puts focus on its heading.
  function settle(root) {
    localTimes(root);
    fadeNotices(root);
    var view = root.id === "view" ? root : root.querySelector ? root.querySelector("#view") : null;
    if (view) markNavigation(view);
    var invalid = root.querySelector ? root.querySelector('[aria-invalid="true"]') : null;
    var autofocus = root.querySelector ? root.querySelector('[data-autofocus="true"]') : null;
    if (invalid) { invalid.focus(); return; }
    if (autofocus) { autofocus.focus(); return; }
    if (view && (document.activeElement === document.body || !document.activeElement || !document.activeElement.isConnected)) {
      var heading = view.querySelector("h2");
      if (heading) heading.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (target && target.isConnected) settle(target);
    else { var view = document.getElementById("view"); if (view) settle(view); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    fadeNotices(document);
  });
})();
