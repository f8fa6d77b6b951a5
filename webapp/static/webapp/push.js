/* "Push notifications on this device" (templates/webapp/includes/push_toggle.html).

   On: ask the browser's permission, subscribe with the server's VAPID key
   and store the subscription on the server. Off: remove it on the server and
   in the browser. The switch shows "on" only when this browser's
   subscription is one the server knows for this user (it compares SHA-256
   digests of the endpoint, so the page never holds the endpoints). */
(function () {
  "use strict";
  var root = document.querySelector("[data-push-toggle]");
  var configElement = document.getElementById("push-toggle-config");
  if (!root || !configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var input = root.querySelector("input[type=checkbox]");
  var status = root.querySelector("[data-push-status]");

  function say(key) {
    status.textContent = config.messages[key];
    root.setAttribute("data-push-state", key);
  }

  var supported =
    window.isSecureContext &&
    "serviceWorker" in navigator &&
    "PushManager" in window &&
    "Notification" in window &&
    window.crypto && window.crypto.subtle;
  if (!supported) {
    say("unsupported");
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function sameKey(buffer, base64url) {
    if (!buffer) {
      return false;
    }
    var a = new Uint8Array(buffer);
    var b = keyBytes(base64url);
    return a.length === b.length && a.every(function (value, index) { return value === b[index]; });
  }

  async function digest(text) {
    var hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(hash)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function registration() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) {
        setTimeout(function () { reject(new Error("no service worker")); }, 10000);
      }),
    ]);
  }

  async function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: JSON.stringify(body),
    });
  }

  async function isOn() {
    var subscription = await (await registration()).pushManager.getSubscription();
    return !!subscription && config.known.indexOf(await digest(subscription.endpoint)) !== -1;
  }

  async function turnOn() {
    var permission = await Notification.requestPermission();
    if (permission !== "granted") {
      return permission === "denied" ? "denied" : "off";
    }
    var manager = (await registration()).pushManager;
    var subscription = await manager.getSubscription();
    if (subscription && !sameKey(subscription.options.applicationServerKey, config.publicKey)) {
      await subscription.unsubscribe();  // made for another server key: useless now
      subscription = null;
    }
    if (!subscription) {
      subscription = await manager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(config.publicKey) });
    }
    var response = await post(config.subscribeUrl, subscription.toJSON());
    if (!response.ok) {
      throw new Error("subscribe: " + response.status);
    }
    config.known.push(await digest(subscription.endpoint));
    return "on";
  }

  async function turnOff() {
    var subscription = await (await registration()).pushManager.getSubscription();
    if (subscription) {
      var response = await post(config.unsubscribeUrl, { endpoint: subscription.endpoint });
      if (!response.ok && response.status !== 404) {
        throw new Error("unsubscribe: " + response.status);
      }
      var gone = await digest(subscription.endpoint);
      config.known = config.known.filter(function (known) { return known !== gone; });
      await subscription.unsubscribe();
    }
    return "off";
  }

  function settle(state) {
    say(state);
    input.checked = state === "on";
    input.disabled = state === "denied";
  }

  input.addEventListener("change", async function () {
    var wanted = input.checked;
    input.disabled = true;
    say("working");
    try {
      settle(wanted ? await turnOn() : await turnOff());
    } catch (error) {
      input.checked = !wanted;
      input.disabled = false;
      say("error");
    }
  });

  if (Notification.permission === "denied") {
    settle("denied");
    return;
  }
  isOn().then(
    function (on) { settle(on ? "on" : "off"); },
    function () { say("error"); }
  );
})();
