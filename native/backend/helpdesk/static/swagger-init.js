// Starts Swagger UI on the generated document; a file of its own so the CSP needs no inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui" });
});
