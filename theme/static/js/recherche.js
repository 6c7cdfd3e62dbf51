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

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "Tapez au moins un mot.";
    return;
  }
  status.textContent = "Recherche en cours…";
  try {
    const search = await (await engine()).search(query);
    const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    for (const result of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      const excerpt = document.createElement("p");
      excerpt.textContent = plain(result.excerpt);
      item.append(link, excerpt);
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

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}`);
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
