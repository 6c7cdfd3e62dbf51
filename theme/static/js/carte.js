// Map of venues: optional. The list of venues on the page works without it.
// Leaflet is bundled with the site and loaded only when the visitor asks for the map;
// the tiles then come from OpenStreetMap, as the page says before the button.
const box = document.querySelector(".sun-map");
const canvas = document.getElementById("carte");
const button = box.querySelector(".sun-map__show");
const status = box.querySelector(".sun-map__status");
box.hidden = false;

function load(base) {
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + "leaflet.css";
  document.head.append(style);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = base + "leaflet.js";
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

function places() {
  return [...document.querySelectorAll(".sun-venues li[data-lat]")].map((item) => {
    const link = item.querySelector("a");
    return { lat: Number(item.dataset.lat), lon: Number(item.dataset.lon), name: link.textContent, href: link.href };
  });
}

button.addEventListener("click", async () => {
  button.disabled = true;
  status.textContent = "Chargement de la carte…";
  try {
    await load(box.dataset.leaflet);
  } catch {
    button.disabled = false;
    status.textContent = "La carte n'a pas pu s'afficher. Tous les lieux sont dans la liste ci-dessous.";
    return;
  }
  status.textContent = "";
  canvas.hidden = false;
  button.hidden = true;
  const map = L.map(canvas);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d’OpenStreetMap</a>',
  }).addTo(map);
  const markers = places().map((place) => {
    const popup = document.createElement("a");
    popup.href = place.href;
    popup.textContent = place.name;
    return L.marker([place.lat, place.lon], { title: place.name, alt: place.name }).bindPopup(popup).addTo(map);
  });
  if (markers.length) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30] });
  } else {
    map.setView([48.69, 2.2], 11);
  }
  canvas.focus();
});
