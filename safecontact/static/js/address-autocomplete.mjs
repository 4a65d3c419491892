// Progressive enhancement for the check form: as a postcode is typed, offer the gazetteer's
// addresses at it in a labelled <select>, announced through a polite live region, and fill in the
// address, postcode and UPRN fields when one is chosen. Without JavaScript the "Find an address by
// postcode" page does the same job.

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$/i;
const DELAY_MS = 300;

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function enhance(form) {
  const postcode = form.querySelector("#id_postcode");
  const address = form.querySelector("#id_address");
  const uprn = form.querySelector("#id_uprn");
  const link = document.querySelector("[data-address-lookup]");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!postcode || !address || !link || !token) return;
  const lookupUrl = new URL(link.getAttribute("href"), window.location.href);
  const csrfToken = token.value;

  const group = element("div", { class: "govuk-form-group", hidden: "" });
  const label = element("label", { class: "govuk-label govuk-label--s", for: "address-choice" }, "Choose the address");
  const select = element("select", { class: "govuk-select", id: "address-choice", name: "address_choice" });
  const status = element("p", { class: "govuk-body govuk-hint", role: "status", "aria-live": "polite", id: "address-choice-status" });
  group.append(label, select);
  const postcodeGroup = postcode.closest(".govuk-form-group") || postcode;
  postcodeGroup.after(status, group);

  let timer = null;
  let controller = null;
  let lastAsked = "";
  let addresses = [];

  function clear(message) {
    group.hidden = true;
    select.replaceChildren();
    addresses = [];
    status.textContent = message;
  }

  async function lookUp(value) {
    const typed = value.trim().toUpperCase();
    if (!POSTCODE.test(typed)) { lastAsked = ""; clear(""); return; }
    if (typed.replace(/\s/g, "") === lastAsked) return;
    lastAsked = typed.replace(/\s/g, "");
    if (controller) controller.abort();
    controller = new AbortController();
    // POSTed, with the form's CSRF token: a postcode in a URL would reach the access logs.
    const body = new URLSearchParams({ postcode: typed, format: "json", csrfmiddlewaretoken: csrfToken });
    try {
      const response = await fetch(lookupUrl, {
        method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" }, signal: controller.signal,
      });
      if (!response.ok) { clear(response.status === 400 ? "That is not a postcode we recognise." : ""); return; }
      addresses = await response.json();
    } catch (error) {
      if (error.name !== "AbortError") clear("");
      return;
    }
    if (!addresses.length) { clear(`No addresses found at ${typed}. Type the address instead.`); return; }
    const first = element("option", { value: "" }, `${addresses.length} address${addresses.length === 1 ? "" : "es"} found`);
    select.replaceChildren(first, ...addresses.map((a, i) =>
      element("option", { value: String(i) }, [a.line1, a.line2, a.town].filter(Boolean).join(", "))));
    group.hidden = false;
    status.textContent = `${addresses.length} address${addresses.length === 1 ? "" : "es"} found at ${addresses[0].postcode}. Choose one from the list below the postcode.`;
  }

  postcode.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => lookUp(postcode.value), DELAY_MS);
  });

  select.addEventListener("change", () => {
    const chosen = addresses[Number(select.value)];
    if (select.value === "" || !chosen) return;
    address.value = [chosen.line1, chosen.line2].filter(Boolean).join(", ");
    postcode.value = chosen.postcode;
    if (uprn) uprn.value = chosen.uprn;
    status.textContent = `Address filled in: ${address.value}, ${chosen.postcode}.`;
  });

  if (postcode.value) lookUp(postcode.value);
}

document.querySelectorAll("form[data-address-autocomplete]").forEach(enhance);
