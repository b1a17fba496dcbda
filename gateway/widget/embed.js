// Embeds the booking widget: <script src="https://host/widget/embed.js" data-tenant="demo"></script>
// Optional: data-lang="de", data-service="<service id>", data-max-width="720px".
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.tenant) {
    if (window.console) console.error("booking widget: embed.js needs data-tenant");
    return;
  }
  var base = new URL(".", script.src);
  var url = new URL("index.html", base);
  url.searchParams.set("tenant", script.dataset.tenant);
  if (script.dataset.lang) url.searchParams.set("lang", script.dataset.lang);
  if (script.dataset.service) url.searchParams.set("service", script.dataset.service);

  var frame = document.createElement("iframe");
  frame.src = url.toString();
  frame.title = script.dataset.title || "Book an appointment";
  frame.setAttribute("loading", "lazy");
  frame.setAttribute("allow", "payment");
  frame.className = "booking-widget-frame";
  frame.style.cssText =
    "display:block;width:100%;border:0;min-height:480px;height:640px;overflow:hidden;" +
    "color-scheme:normal;max-width:" + (script.dataset.maxWidth || "960px") + ";margin:0 auto;";
  script.parentNode.insertBefore(frame, script.nextSibling);

  // Only messages from our own frame, and only from the widget's origin, count.
  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== base.origin) return;
    var data = event.data || {};
    if (data.type === "booking-widget:resize" && typeof data.height === "number") {
      frame.style.height = Math.max(320, Math.ceil(data.height)) + "px";
    } else if (data.type === "booking-widget:step") {
      // A new step starts at the top: bring the frame's top into view if it is above.
      var top = frame.getBoundingClientRect().top;
      if (top < 0) frame.scrollIntoView({ block: "start", behavior: "smooth" });
    } else if (data.type === "booking-widget:booked") {
      frame.dispatchEvent(new CustomEvent("booking-widget:booked", { bubbles: true, detail: data }));
    }
  });
})();
