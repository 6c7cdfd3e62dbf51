// « Proposer un événement »: turns the form into an event file, checked against the same JSON
// Schema as the files, and offers it for download (or for a pull request on GitHub).
// Everything happens in the browser: nothing is sent anywhere.
const form = document.querySelector(".sun-form");
const summary = document.querySelector(".sun-error-summary");
const result = document.querySelector(".sun-result");
let schema = null;

function slug(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
}

function value(name) {
  const field = form.elements.namedItem(name);
  if (!field) return "";
  if (field instanceof RadioNodeList) return field.value;
  return field.value.trim();
}

function checked(name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.value);
}

function collect() {
  const data = {};
  for (const name of ["titre", "resume"]) {
    if (value(name)) data[name] = value(name);
  }
  data.seances = [...form.querySelectorAll(".sun-session-form")].map((row) => {
    const session = {};
    for (const key of ["date", "debut", "fin"]) {
      const text = row.querySelector(`[name="${key}"]`).value.trim();
      if (text) session[key] = text;
    }
    return session;
  });
  const place = value("lieu");
  if (place && place !== "en-ligne") data.lieu = place;
  if (value("en_ligne")) data.en_ligne = value("en_ligne");
  for (const name of ["organisateurs", "themes", "publics", "accessibilite"]) {
    const picked = checked(name);
    if (picked.length) data[name] = picked;
  }
  for (const name of ["format", "niveau", "description", "en_bref"]) {
    if (value(name)) data[name] = value(name);
  }
  if (value("inscription.obligatoire") === "oui") {
    data.inscription = { obligatoire: "oui" };
    if (value("inscription.telephone")) data.inscription.telephone = value("inscription.telephone");
    if (value("inscription.email")) data.inscription.email = value("inscription.email");
    if (value("inscription.places")) data.inscription.places = Number(value("inscription.places"));
  }
  const things = value("a_apporter").split("\n").map((t) => t.trim()).filter(Boolean);
  if (things.length) data.a_apporter = things;
  if (value("contact.email")) data.contact = { email: value("contact.email") };
  return data;
}

// A small validator for the parts of JSON Schema that our schemas use.
function validate(node, data, path, errors) {
  if (node.anyOf) {
    const fits = node.anyOf.some((option) => { const e = []; validate(option, data, path, e); return !e.length; });
    if (!fits) validate(node.anyOf[0].type === "array" && !Array.isArray(data) ? node.anyOf[1] : node.anyOf[0],
      data, path, errors);
    return;
  }
  if (node.enum && !node.enum.includes(data)) errors.push([path, "choisissez une valeur de la liste"]);
  const types = [].concat(node.type || []);
  if (types.length && !types.some((t) => (t === "integer" ? Number.isInteger(data) : t === "array"
    ? Array.isArray(data) : t === "object" ? data && typeof data === "object" && !Array.isArray(data)
    : typeof data === t))) {
    errors.push([path, "valeur de type inattendu"]);
    return;
  }
  if (typeof data === "string") {
    if (node.maxLength && data.length > node.maxLength) errors.push([path, `${node.maxLength} caractères au plus`]);
    if (node.pattern && !new RegExp(node.pattern).test(data)) {
      errors.push([path, node.examples ? `format inattendu ; par exemple : ${node.examples[0]}` : "format inattendu"]);
    }
    if (node.format === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(data)) errors.push([path, "adresse e-mail invalide"]);
  }
  if (typeof data === "number" && node.minimum !== undefined && data < node.minimum) {
    errors.push([path, `au moins ${node.minimum}`]);
  }
  if (Array.isArray(data) && node.items) data.forEach((item, i) => validate(node.items, item, [...path, i], errors));
  if (node.properties && data && typeof data === "object") {
    for (const key of node.required || []) {
      if (!(key in data)) errors.push([[...path, key], "ce champ est obligatoire"]);
    }
    for (const [key, item] of Object.entries(data)) {
      if (node.properties[key]) validate(node.properties[key], item, [...path, key], errors);
    }
  }
}

function fieldFor(path) {
  const top = path[0] === "inscription" || path[0] === "contact" ? `${path[0]}.${path[1]}` : path[0];
  return form.querySelector(`[data-field="${top}"]`) || form.querySelector(`[data-field="${path[0]}"]`);
}

function showErrors(found) {
  const seen = new Set();
  const errors = found.filter(([path, message]) => {
    const key = `${path[0]}|${message}`;
    return !seen.has(key) && seen.add(key);
  });
  form.querySelectorAll(".sun-field-error").forEach((e) => e.remove());
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  const list = summary.querySelector("ul");
  list.replaceChildren();
  for (const [path, message] of errors) {
    const field = fieldFor(path) || form;
    const label = field.querySelector("legend, label")?.textContent.replace("(obligatoire)", "").trim() || path.join(".");
    const note = document.createElement("p");
    note.className = "sun-field-error";
    note.id = `erreur-${field.id}`;
    note.textContent = `${label} : ${message}`;
    field.prepend(note);
    const input = field.querySelector("input, select, textarea");
    if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", note.id); }
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${field.id}`;
    link.textContent = note.textContent;
    item.append(link);
    list.append(item);
  }
  summary.hidden = errors.length === 0;
  if (errors.length) summary.focus();
}

function yaml(data, indent = "") {
  // JSON strings are valid YAML scalars: no value can be misread (10:30, oui, 0199…).
  return Object.entries(data).map(([key, item]) => {
    if (Array.isArray(item)) {
      return `${indent}${key}:\n` + item.map((one) => (typeof one === "object"
        ? `${indent}- ` + yaml(one, `${indent}  `).trimStart() : `${indent}- ${JSON.stringify(one)}\n`)).join("");
    }
    if (item && typeof item === "object") return `${indent}${key}:\n${yaml(item, `${indent}  `)}`;
    return `${indent}${key}: ${JSON.stringify(item)}\n`;
  }).join("");
}

form.querySelector('[data-action="add-session"]').addEventListener("click", () => {
  const rows = form.querySelector(".sun-sessions-form");
  const copy = rows.firstElementChild.cloneNode(true);
  const n = rows.children.length;
  copy.dataset.session = String(n);
  for (const input of copy.querySelectorAll("input")) {
    input.value = "";
    input.id = input.id.replace(/-\d+$/, `-${n}`);
  }
  for (const label of copy.querySelectorAll("label")) label.htmlFor = label.htmlFor.replace(/-\d+$/, `-${n}`);
  rows.append(copy);
  copy.querySelector("input").focus();
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!schema) schema = await (await fetch(new URL(form.dataset.schema, document.baseURI))).json();
  const data = collect();
  let errors = [];
  validate(schema, data, [], errors);
  errors = errors.filter(([path]) => !(path[0] === "seances" && path.length > 1));  // told once, below
  if (!data.seances.every((s) => s.date && s.debut && s.fin)) {
    errors.push([["seances"], "indiquez le jour, l'heure de début et l'heure de fin de chaque séance"]);
  } else if (data.seances.some((s) => s.fin <= s.debut)) {
    errors.push([["seances"], "l'heure de fin doit être après l'heure de début"]);
  }
  if (!data.lieu && !data.en_ligne) errors.push([["lieu"], "choisissez un lieu, ou donnez le lien en ligne"]);
  showErrors(errors);
  if (errors.length) { result.hidden = true; return; }
  const name = `${slug(data.titre) || "evenement"}.yaml`;
  const text = "# yaml-language-server: $schema=../../schemas/evenement.schema.json\n" + yaml(data);
  result.querySelector("pre").textContent = text;
  const download = result.querySelector("[data-download]");
  download.href = URL.createObjectURL(new Blob([text], { type: "text/yaml" }));
  download.download = name;
  download.textContent = `Télécharger le fichier ${name}`;
  const github = result.querySelector("[data-github]");
  if (form.dataset.repository) {
    github.href = `${form.dataset.repository}/new/main/content/events?filename=${encodeURIComponent(name)}`
      + `&value=${encodeURIComponent(text)}`;
    github.hidden = false;
  }
  result.hidden = false;
  result.querySelector("h2").focus();
});
