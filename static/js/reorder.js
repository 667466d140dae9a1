// Agenda items and documents reorder by drag and drop, with a finger or a mouse (issue 18,
// point 15), through SortableJS (vendored by scripts/build_frontend.mjs; nothing from a CDN).
// A drop fills the list's hidden htmx form (its CSRF token inside) with what moved and the
// neighbour it now stands before, and submits it: the server's placing service decides
// (sessions.services.place_agenda_item, documents.ordering.place_document) and the lists
// are swapped for the server's order, so a refused move puts things back. Only the ⠿ handle
// drags, so the ↑/↓ buttons, links and forms in a row keep working by touch; they remain
// the way for keyboards and screen readers.

const root = () => document.getElementById("manage-lists");
let Sortable = null;
let lists = 0; // names each list's group: nothing is dragged from one list to another

async function library() {
  if (!Sortable) {
    const src = root()?.dataset.sortableSrc;
    if (!src) return null;
    Sortable = (await import(src)).default;
  }
  return Sortable;
}

// The id an entry carries for its kind ("item" -> data-item-id, "document" -> data-document-id).
export function entryId(element, kind) {
  return element?.dataset?.[`${kind}Id`] || "";
}

// The first entry after `element` of the same kind: what the moved entry now stands before.
export function nextEntryId(element, kind) {
  let next = element.nextElementSibling;
  while (next && !entryId(next, kind)) next = next.nextElementSibling;
  return entryId(next, kind);
}

function dropped(list, event) {
  const kind = list.dataset.sortable;
  if (event.from !== event.to || event.oldIndex === event.newIndex) return;
  const form = document.getElementById(list.dataset.placeForm);
  if (!form) return;
  // Not form.elements.item: that is HTMLFormControlsCollection's item() method.
  const field = (name) => form.querySelector(`input[name="${name}"]`);
  field(kind).value = entryId(event.item, kind);
  field("before").value = nextEntryId(event.item, kind);
  form.requestSubmit(); // htmx posts it (hx-post) and swaps #manage-lists
}

async function setUp() {
  const found = document.querySelectorAll("[data-sortable]:not([data-sortable-ready])");
  if (!found.length) return;
  const Library = await library();
  if (!Library) return;
  for (const list of found) {
    list.dataset.sortableReady = "true";
    Library.create(list, {
      handle: ".drag-handle",
      draggable: list.dataset.sortable === "item" ? ".builder-item" : ".manage-document:not(.is-withdrawn)",
      animation: 0,
      // Sortable's own pointer tracking, not the browser's HTML5 drag and drop: the same
      // behaviour for a finger, a pen and a mouse (tablet browsers have no HTML5 drag).
      forceFallback: true,
      fallbackTolerance: 4,
      ghostClass: "sortable-ghost",
      chosenClass: "sortable-chosen",
      // Each list on its own: a document stays under its item (moving it to another item
      // is the document's edit form), an item stays in the agenda.
      group: `${list.dataset.sortable}-${++lists}`,
      onEnd: (event) => dropped(list, event),
    });
  }
  root()?.setAttribute("data-sortable-ready", "true");
}

document.addEventListener("htmx:afterSettle", setUp);
setUp();
