// Swagger UI over the Worker's own OpenAPI document. "Use a demo key" asks
// POST /v1/demo/key for a short-lived key and authorizes "Try it out" with it.
const ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  persistAuthorization: false,
  docExpansion: "list",
  defaultModelsExpandDepth: 0,
  // No badge from validator.swagger.io: the page loads nothing from elsewhere (its CSP would refuse it anyway).
  validatorUrl: null,
});
window.ui = ui;

const status = document.getElementById("demo-key-status");
document.getElementById("demo-key").addEventListener("click", async () => {
  const res = await fetch("/v1/demo/key", { method: "POST" });
  if (res.status === 404) {
    status.textContent = "This deployment needs no key.";
    return;
  }
  if (!res.ok) {
    status.textContent = `No demo key: HTTP ${res.status}`;
    return;
  }
  const { key, expiresAt } = await res.json();
  ui.preauthorizeApiKey("bearerAuth", key);
  status.textContent = `Authorized with a demo key until ${new Date(expiresAt).toLocaleTimeString()}.`;
});
