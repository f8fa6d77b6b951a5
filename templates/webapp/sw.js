/* Schoolpoort's service worker (webapp.views.service_worker), scope: the whole site.

   What it keeps: the offline page (one per language) and a few static files
   of the shell (CONFIG.shell). Nothing else is ever stored: pages are always
   fetched from the network and never cached, whoever is logged in, and
   neither is anything under /bestanden/ (private media), the admin or a POST.
   Without a network a page request gets the offline page instead.

   Push: every push message shows a notification (title, body); clicking it
   opens the message's url. */
"use strict";

const CONFIG = {{ config|safe }};
const CACHE_PREFIX = "schoolpoort-shell-";
const CACHE = CACHE_PREFIX + CONFIG.version;
const OFFLINE_PAGES = Object.values(CONFIG.offline);
const SHELL = new Set(CONFIG.shell);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // Fetched without cookies: the offline page is the same for everyone.
      await cache.addAll(
        [...CONFIG.shell, ...OFFLINE_PAGES].map((url) => new Request(url, { credentials: "omit", cache: "reload" }))
      );
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })()
  );
});

function offlinePageFor(url) {
  const path = new URL(url).pathname;
  for (const [language, page] of Object.entries(CONFIG.offline)) {
    if (language !== CONFIG.defaultLanguage && (path === "/" + language || path.startsWith("/" + language + "/"))) {
      return page;
    }
  }
  return CONFIG.offline[CONFIG.defaultLanguage];
}

async function pageOrOffline(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE);
    return (await cache.match(offlinePageFor(request.url))) || Response.error();
  }
}

async function shellFile(request, path) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") {
      await cache.put(path, response.clone());
    }
    return response;
  } catch (error) {
    return (await cache.match(path)) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    // Always the network; the response is not stored.
    event.respondWith(pageOrOffline(request));
    return;
  }
  if (SHELL.has(url.pathname) && !url.search) {
    event.respondWith(shellFile(request, url.pathname));
  }
  // Anything else (media under /bestanden/, the admin, scripts, JSON) goes
  // to the network as if there were no worker.
});

function safeUrl(value) {
  try {
    const url = new URL(typeof value === "string" && value ? value : "/", self.location.origin);
    if (url.protocol === "https:" || url.protocol === "http:") {
      return url.href;
    }
  } catch (error) {
    // fall through
  }
  return new URL("/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (error) {
      data = { body: event.data.text() };
    }
  }
  const title = typeof data.title === "string" && data.title ? data.title : CONFIG.name;
  const options = {
    body: typeof data.body === "string" ? data.body : "",
    icon: CONFIG.icon,
    badge: CONFIG.badge,
    data: { url: safeUrl(data.url) },
  };
  if (typeof data.tag === "string" && data.tag) {
    options.tag = data.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if (client.url === target && "focus" in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(target);
    })()
  );
});
