// Search page: full-text search with Pagefind's index, built at build time.
// Optional: the site works without it (ready-made pages by commune, day, theme, audience).
const form = document.querySelector(".sun-search");
const input = form.querySelector("input[name=q]");
const status = document.querySelector(".sun-search__status");
const list = document.querySelector(".sun-search__results");
const MAX_RESULTS = 30;
let pagefind = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL(form.dataset.pagefind, document.baseURI).href);
    await pagefind.options({ excerptLength: 24 });
    // A large programme is indexed in several lots: their bundles are merged into one search.
    for (const bundle of (form.dataset.pagefindMore || "").split(" ").filter(Boolean)) {
      await pagefind.mergeIndex(new URL(bundle, document.baseURI).href);
    }
  }
  return pagefind;
}

function plain(html) {
  return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
}

let latest = "";

async function run(query) {
  latest = query;
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "Tapez au moins un mot.";
    return;
  }
  status.textContent = "Recherche en cours…";
  try {
    const search = await (await engine()).search(query);
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (query !== latest) return;  // a newer query was typed meanwhile: its results will be shown
    for (const result of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      item.append(link);
      // When and where come from the event page's own metadata (data-pagefind-meta), not the excerpt.
      const when = result.meta.quand;
      const where = result.meta.commune;
      if (when || where) {
        const facts = document.createElement("p");
        facts.className = "sun-search__facts";
        const others = Number(result.meta.dates || 1) - 1;
        const more = others > 0 ? ` (et ${others} autre${others > 1 ? "s" : ""} date${others > 1 ? "s" : ""})` : "";
        facts.textContent = [when ? when + more : "", where || ""].filter(Boolean).join(" — ");
        item.append(facts);
      }
      const excerpt = document.createElement("p");
      excerpt.textContent = plain(result.excerpt);
      item.append(excerpt);
      list.append(item);
    }
    const total = search.results.length;
    status.textContent = total === 0
      ? `Aucun résultat pour «\u00a0${query}\u00a0». Essayez un autre mot, ou cherchez par commune ou par jour.`
      : `${total} résultat${total > 1 ? "s" : ""} pour «\u00a0${query}\u00a0»` +
        (total > MAX_RESULTS ? ` (les ${MAX_RESULTS} premiers)` : "") + ".";
  } catch (error) {
    status.textContent = "La recherche ne fonctionne pas pour le moment. Cherchez par commune, par jour ou par thème.";
  }
}

// Results as you type, once typing pauses (300 ms): not one search per key on a slow phone.
const PAUSE_MS = 300;
let waiting = 0;

function show(query) {
  history.replaceState(null, "", query.trim() ? `?q=${encodeURIComponent(query)}` : location.pathname);
  run(query);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(waiting);
  show(input.value);
});
input.addEventListener("input", () => {
  clearTimeout(waiting);
  waiting = setTimeout(() => {
    if (input.value.trim() || latest) show(input.value);
  }, PAUSE_MS);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
