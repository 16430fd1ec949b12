/*
 * guildhall video component: the player of a video is asked for only when the reader presses
 * play. Until then the page shows a local poster (or a plain frame) and a link to the video's page.
 */
(function () {
  "use strict";
  if (window.guildhallVideo) return;
  window.guildhallVideo = true;
  function start() {
    var buttons = document.querySelectorAll(".video-play[data-embed]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        frame.src = button.getAttribute("data-embed");
        frame.title = button.getAttribute("data-title") || "Video";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.allowFullscreen = true;
        var box = button.parentNode;
        while (box.firstChild) box.removeChild(box.firstChild);
        box.appendChild(frame);
        frame.focus();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
