// The search page's search (issue 12), on Pagefind's JavaScript API: the index the build service
// writes at /pagefind/ after each build, in shards of a few hundred pages of one language, each a
// whole Pagefind bundle (/pagefind/<locale>-<nn>/), listed in /pagefind/shards.json. The page loads
// its language's first shard and merges the others into it (Pagefind's multisite search: one
// search, filters and ranking across all of them; the merged ones share the first's WebAssembly).
// Without this script the page still lists the static listings by year and by country. Compiled to
// an ES module (lib/plugins/browser-scripts.ts): Pagefind's own script is one, so browsers too old
// for modules cannot search anyway. Every string shown comes from the page (src/_i18n).
export {};

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
}
interface PagefindSearch {
  results: { id: string; data: () => Promise<PagefindResultData> }[];
}
interface Pagefind {
  options: (options: Record<string, unknown>) => Promise<void>;
  mergeIndex: (indexPath: string, options?: Record<string, unknown>) => Promise<void>;
  search: (query: string | null, options?: { filters?: Record<string, string> }) => Promise<PagefindSearch | null>;
}

/** Results shown at once; a visitor narrows with the filters rather than scrolling through hundreds. */
const SHOWN = 20;
const DEBOUNCE_MS = 250;

const form = document.querySelector<HTMLFormElement>("form[data-search]");
const status = document.querySelector<HTMLElement>("[data-search-status]");
const list = document.querySelector<HTMLOListElement>("[data-search-results]");
const filterBox = document.querySelector<HTMLFieldSetElement>("[data-search-filters]");

if (form && status && list && filterBox) start(form, status, list, filterBox);

function start(form: HTMLFormElement, status: HTMLElement, list: HTMLOListElement, filterBox: HTMLFieldSetElement): void {
  const input = form.querySelector<HTMLInputElement>("input[name=q]");
  const selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]")) as HTMLSelectElement[];
  if (!input) return;
  // Shown now; its place was kept until then (site.css), so nothing below it moves.
  filterBox.classList.remove("search-filters-pending");

  // The form's own address carries the query and filters, so a search can be shared and reloaded.
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of selects) {
    const wanted = params.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, (o: HTMLOptionElement) => o.value === wanted)) select.value = wanted;
  }

  // The form leads to this locale's search page, /<locale>/search/: the shards to load are that locale's.
  const locale = new URL(form.action, location.href).pathname.split("/")[1];
  let pagefind: Promise<Pagefind> | undefined;
  const load = (): Promise<Pagefind> => (pagefind ??= loadShards(locale));

  let latest = 0;
  let timer: number | undefined;

  async function run(): Promise<void> {
    const ticket = ++latest;
    const query = input!.value.trim();
    const filters: Record<string, string> = {};
    for (const select of selects) if (select.value) filters[select.name] = select.value;
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const name of Object.keys(filters)) next.set(name, filters[name]);
    const search = next.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);

    if (!query && Object.keys(filters).length === 0) {
      list.hidden = true;
      list.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = status.getAttribute("data-loading") || "";
    try {
      const api = await load();
      const found = await api.search(query || null, { filters });
      if (ticket !== latest || !found) return; // a newer search has started
      const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
      if (ticket !== latest) return;
      show(found.results.length, data);
    } catch {
      if (ticket !== latest) return;
      list.hidden = true;
      status.textContent = status.getAttribute("data-unavailable") || "";
    }
  }

  function show(count: number, results: PagefindResultData[]): void {
    list.textContent = "";
    for (const result of results) list.appendChild(resultItem(result));
    list.hidden = results.length === 0;
    status.textContent =
      count === 0
        ? status.getAttribute("data-none") || ""
        : (status.getAttribute("data-count") || "{count}").replace("{count}", String(count));
  }

  function schedule(): void {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    void run();
  });
  input.addEventListener("input", schedule);
  for (const select of selects) select.addEventListener("change", () => void run());
  if (input.value || selects.some((s) => s.value)) void run();
}

/** Loads the locale's shards of the index as one Pagefind search. */
async function loadShards(locale: string): Promise<Pagefind> {
  const response = await fetch("/pagefind/shards.json");
  if (!response.ok) throw new Error(`/pagefind/shards.json: ${response.status}`);
  const manifest = (await response.json()) as { shards: { name: string; locale: string }[] };
  const names = manifest.shards.filter((shard) => shard.locale === locale).map((shard) => shard.name);
  if (names.length === 0) throw new Error(`no search index for ${locale}`);
  // A module URL in a variable: the index is written by the build service, not known to this build.
  const api = (await import(`/pagefind/${names[0]}/pagefind.js`)) as Pagefind;
  await api.options({ excerptLength: 24 });
  await Promise.all(names.slice(1).map((name) => api.mergeIndex(`/pagefind/${name}/`)));
  return api;
}

/** One result: the event's title as a link, its date, and the words around the match. */
function resultItem(result: PagefindResultData): HTMLLIElement {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  heading.appendChild(link);
  item.appendChild(heading);
  if (result.meta.date) {
    const date = document.createElement("p");
    date.className = "search-date";
    date.textContent = result.meta.date;
    item.appendChild(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  appendExcerpt(excerpt, result.excerpt);
  item.appendChild(excerpt);
  return item;
}

/**
 * Pagefind's excerpt is text with <mark> around the matched words. It is parsed in an inert
 * document and only its text and <mark>s are copied, so nothing in an event's text can become markup.
 */
function appendExcerpt(into: HTMLElement, excerpt: string): void {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  parsed.childNodes.forEach((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      into.appendChild(mark);
    } else {
      into.appendChild(document.createTextNode(node.textContent || ""));
    }
  });
}
