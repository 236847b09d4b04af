// The browsable API documentation: Swagger UI (drf-spectacular-sidecar's copy) reading the schema that
// the page names in data-schema-url. A file, not an inline script: the Content-Security-Policy allows
// scripts from the site only.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: false, // a link inside each operation's button is nested interactive content (axe)
    layout: "BaseLayout",
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get"],
  });
});
