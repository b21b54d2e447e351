import { ensureKey } from "./api.js";
import { setupClip } from "./clip.js";
import { setupPhoto } from "./photo.js";

setupPhoto();
setupClip();

// Ask for the demo key now, so the first photo does not wait for it.
const keyStatus = document.getElementById("key-status");
ensureKey()
  .then((mode) => {
    keyStatus.textContent = mode === "key" ? "This page uses a short-lived demo key to call the API." : "";
    document.body.dataset.ready = "true";
  })
  .catch((err) => {
    keyStatus.textContent = `Could not get a demo key (${err.message}); the API may refuse requests.`;
    document.body.dataset.ready = "true";
  });
