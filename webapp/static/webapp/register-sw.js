/* Registers Schoolpoort's service worker (its URL is on this script tag) for the whole site. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-service-worker");
  if (!url || !("serviceWorker" in navigator)) {
    return;
  }
  function register() {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      /* No worker (a private window, an old browser): the site works as before. */
    });
  }
  if (document.readyState === "complete") {
    register();
  } else {
    window.addEventListener("load", register);
  }
})();
