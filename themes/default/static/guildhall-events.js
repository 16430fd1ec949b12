/*
 * guildhall events: keeps event lists true between builds, and shows event times in the reader's own
 * time zone.
 *
 * Pages are complete without this script: they show what was upcoming when the site was built, with
 * each time in its event's own zone. Loaded with `defer`, the script only corrects that for the reader:
 * - a date that has ended since the build is dropped; the next date of a series takes its place, and
 *   an event with no date left moves from the upcoming list to the past list of the page (or leaves
 *   the list when the page has none);
 * - under each time, a line gives the same moment in the reader's zone, when that zone differs.
 * It reads the data-* attributes the default templates write, makes no request and needs no framework.
 */
(function () {
  "use strict";
  var now = Date.now();
  // The theme's words in the site's language (i18n/<language>.toml, keys starting with js_).
  var words = {};
  try {
    words = JSON.parse((document.getElementById("guildhall-words") || {}).textContent || "{}");
  } catch (error) {
    words = {};
  }
  var yourTime = words.your_time || "Your time:";

  function each(selector, callback) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
  }

  // [start, end, when, start as written, offset in minutes] for each next date of an event.
  function readDates(element) {
    try {
      var dates = JSON.parse(element.getAttribute("data-event-dates") || "[]");
      return Array.isArray(dates) ? dates : [];
    } catch (error) {
      return [];
    }
  }

  function hasEnded(date) {
    var end = Date.parse(date[1]);
    return !isNaN(end) && end <= now;
  }

  function showDate(time, date) {
    if (!time) return;
    time.textContent = date[2];
    time.setAttribute("datetime", date[3]);
    time.setAttribute("data-start", date[0]);
    time.setAttribute("data-end", date[1]);
    time.setAttribute("data-offset", String(date[4]));
  }

  function sortKey(item) {
    var key = Date.parse(item.getAttribute("data-event-sort") || "");
    return isNaN(key) ? 0 : key;
  }

  function moveToPast(item, list) {
    var key = sortKey(item);
    var before = null;
    Array.prototype.some.call(list.children, function (other) {
      if (sortKey(other) < key) {
        before = other;
        return true;
      }
      return false;
    });
    list.insertBefore(item, before);
    var section = list.closest("section");
    if (section) section.hidden = false;
  }

  // Every event card not already in a list of past events: the next date, or out of the way.
  var past = document.querySelector('[data-events-list="past"]');
  var changed = [];
  each("li[data-event-dates]", function (item) {
    if (item.closest('[data-events-list="past"]')) return;
    var dates = readDates(item);
    var left = dates.filter(function (date) { return !hasEnded(date); });
    if (dates.length === 0 || left.length === dates.length) return;
    var time = item.querySelector("time[data-start]");
    var list = item.parentNode;
    if (changed.indexOf(list) < 0) changed.push(list);
    if (left.length > 0) {
      showDate(time, left[0]);
      item.setAttribute("data-event-dates", JSON.stringify(left));
      item.setAttribute("data-event-sort", left[0][0]);
      return;
    }
    var last = dates[dates.length - 1];
    showDate(time, last);
    item.setAttribute("data-event-dates", JSON.stringify([last]));
    item.setAttribute("data-event-sort", last[0]);
    // Lists of upcoming events hand it to the page's past events; other lists (related content)
    // simply let it go, as the next build will.
    if (past && list.getAttribute("data-events-list") === "upcoming") moveToPast(item, past);
    else list.removeChild(item);
  });
  changed.forEach(function (list) {
    if (list.getAttribute("data-events-list") === "upcoming") {
      Array.prototype.slice.call(list.children)
        .sort(function (a, b) { return sortKey(a) - sortKey(b); })
        .forEach(function (item) { list.appendChild(item); });
    }
    if (list.children.length > 0) return;
    var section = list.closest("section");
    var empty = section && section.querySelector("[data-events-empty]");
    if (empty) empty.hidden = false;
    else if (section) section.hidden = true;
  });

  // An event's own page: the next date, or a note that it is over.
  each("article[data-event-dates]", function (article) {
    var dates = readDates(article);
    var left = dates.filter(function (date) { return !hasEnded(date); });
    if (dates.length === 0 || left.length === dates.length) return;
    if (left.length > 0) {
      showDate(article.querySelector(".event-facts time[data-start]"), left[0]);
    } else {
      var over = article.querySelector("[data-event-over]");
      if (over) over.hidden = false;
      var register = article.querySelector("[data-event-register]");
      if (register) register.parentNode.removeChild(register);
    }
    each(".event-dates li[data-end]", function (item) {
      var end = Date.parse(item.getAttribute("data-end"));
      if (!isNaN(end) && end <= now) item.parentNode.removeChild(item);
    });
  });

  // The reader's own time, when their zone is not the event's, in the page's language.
  var language = document.documentElement.lang || undefined;
  // 24-hour, as the page gives the event's own time.
  var timeOnly = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  var dayAndTime = { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  function format(date, options, withZone) {
    var settings = {};
    for (var key in options) settings[key] = options[key];
    if (withZone) settings.timeZoneName = "short";
    return new Intl.DateTimeFormat(language, settings).format(date);
  }
  each("time.event-time[data-start]", function (time) {
    if (time.hasAttribute("data-all-day")) return;
    var start = new Date(time.getAttribute("data-start"));
    var end = new Date(time.getAttribute("data-end"));
    if (isNaN(start.getTime()) || isNaN(end.getTime())) return;
    var line = time.parentNode.querySelector(".local-time");
    if (-start.getTimezoneOffset() === Number(time.getAttribute("data-offset"))) {
      if (line) line.parentNode.removeChild(line);
      return;
    }
    var text;
    try {
      text = start.toDateString() === end.toDateString()
        ? format(start, dayAndTime, false) + " – " + format(end, timeOnly, true)
        : format(start, dayAndTime, true) + " – " + format(end, dayAndTime, true);
    } catch (error) {
      return;
    }
    if (!line) {
      line = document.createElement("span");
      line.className = "local-time";
      time.parentNode.appendChild(line);
    }
    line.textContent = yourTime + " " + text;
  });
})();
