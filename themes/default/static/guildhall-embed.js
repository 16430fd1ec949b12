/*
 * guildhall product embed: shows "From the community" links on a store's product page.
 *
 *   <div data-guildhall-product="SKU"></div>
 *   <script src="https://community.example.com/guildhall-embed.js" defer></script>
 *
 * It reads /products/<sku>.json from the hub the script was loaded from (or from the URL in a
 * data-guildhall-hub attribute) and lists the hub's top guides and stories for that product. It only
 * creates elements with textContent, never HTML, and needs no framework. Style it through the classes
 * guildhall-embed, guildhall-embed__title, guildhall-embed__list and guildhall-embed__more.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var defaultHub = script && script.src ? script.src.replace(/[^/]*$/, "") : "";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var anchor = element("a", "", text);
    anchor.href = href;
    return anchor;
  }

  function render(target, data) {
    var items = (data.guides || []).concat(data.stories || [], data.faqs || []).slice(0, 5);
    if (items.length === 0) return;
    var box = element("section", "guildhall-embed");
    var titleId = "guildhall-embed-" + String(data.sku).replace(/[^A-Za-z0-9_-]/g, "");
    var title = element("h2", "guildhall-embed__title", "From the " + (data.hub && data.hub.title ? data.hub.title : "community"));
    title.id = titleId;
    box.setAttribute("aria-labelledby", titleId);
    box.appendChild(title);
    var list = element("ul", "guildhall-embed__list");
    items.forEach(function (item) {
      var entry = element("li");
      entry.appendChild(link(item.url, item.title));
      list.appendChild(entry);
    });
    box.appendChild(list);
    var more = element("p", "guildhall-embed__more");
    more.appendChild(link(data.url, "More about " + data.name + " from the community"));
    box.appendChild(more);
    target.replaceChildren(box);
  }

  var targets = document.querySelectorAll("[data-guildhall-product]");
  Array.prototype.forEach.call(targets, function (target) {
    var sku = target.getAttribute("data-guildhall-product");
    var hub = target.getAttribute("data-guildhall-hub") || defaultHub;
    if (!sku || !hub) return;
    if (hub.charAt(hub.length - 1) !== "/") hub += "/";
    fetch(hub + "products/" + encodeURIComponent(sku.toLowerCase()) + ".json")
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) render(target, data); })
      .catch(function () { /* The product page works without the embed. */ });
  });
})();
