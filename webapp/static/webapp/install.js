/* The app page: an "Install" button where the browser offers installing (beforeinstallprompt). */
(function () {
  "use strict";
  var button = document.querySelector("[data-install-app]");
  if (!button) {
    return;
  }
  var offer = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    offer = event;
    button.hidden = false;
  });
  button.addEventListener("click", async function () {
    if (!offer) {
      return;
    }
    button.disabled = true;
    offer.prompt();
    await offer.userChoice;
    offer = null;
    button.hidden = true;
  });
  window.addEventListener("appinstalled", function () {
    button.hidden = true;
  });
})();
