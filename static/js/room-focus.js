// The room leads with what is being discussed: the current item's documents come first in
// the list, marked as current. The agenda region says which item is current; the documents
// region is redrawn on its own events, so the order is set again after every swap.
const CURRENT = "is-current";

function focusCurrentItem() {
  const list = document.getElementById("documents");
  if (!list) return;
  for (const group of list.querySelectorAll(`.documents-group.${CURRENT}`)) {
    group.classList.remove(CURRENT);
  }
  const current = document.querySelector("#agenda .agenda-item.is-current");
  if (!current) return;
  const group = list.querySelector(`.documents-group[data-item-id="${current.dataset.itemId}"]`);
  if (!group) return;
  group.classList.add(CURRENT);
  if (list.firstElementChild !== group) list.prepend(group);
}

document.addEventListener("live:event", focusCurrentItem);
document.addEventListener("live:snapshot", focusCurrentItem);
focusCurrentItem();
