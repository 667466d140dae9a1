"""Moving one entry of an ordered list by one place: the agenda, a speakers' queue, an
item's documents. Pure Python, no Django."""

from collections.abc import Iterable


class AtTheEnd(Exception):
    """The entry is already first (moving up) or last (moving down)."""

    def __init__(self, direction: int) -> None:
        super().__init__("last" if direction > 0 else "first")
        self.last = direction > 0


def moved[T](entries: Iterable[T], pk: int, direction: int) -> tuple[list[T], int, int]:
    """`entries` with the one whose pk is `pk` swapped with its neighbour above (-1) or below
    (+1); also its old and new index. Raises AtTheEnd at either end."""
    order = list(entries)
    index = next(i for i, entry in enumerate(order) if getattr(entry, "pk", None) == pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(order):
        raise AtTheEnd(direction)
    order[index], order[target] = order[target], order[index]
    return order, index, target


def placed[T](entries: Iterable[T], pk: int, before: int | None) -> tuple[list[T], int, int]:
    """`entries` with the one whose pk is `pk` moved just before the one whose pk is
    `before` (to the end when `before` is None or not among them); also its old and new
    index. A drag and drop names the neighbour it was dropped before, not an index: the
    index a browser saw can be stale, the neighbour is what the user meant."""
    order = list(entries)
    index = next(i for i, entry in enumerate(order) if getattr(entry, "pk", None) == pk)
    entry = order.pop(index)
    target = next(
        (i for i, other in enumerate(order) if getattr(other, "pk", None) == before), len(order)
    )
    order.insert(target, entry)
    return order, index, target
