"""Moving one entry of an ordered list by one place."""

from dataclasses import dataclass

import pytest

from council.sequence import AtTheEnd, moved


@dataclass
class Entry:
    pk: int


def test_an_entry_swaps_with_its_neighbour():
    entries = [Entry(1), Entry(2), Entry(3)]
    order, index, target = moved(entries, 2, +1)
    assert [e.pk for e in order] == [1, 3, 2] and (index, target) == (1, 2)
    order, index, target = moved(entries, 2, -1)
    assert [e.pk for e in order] == [2, 1, 3] and (index, target) == (1, 0)
    assert [e.pk for e in entries] == [1, 2, 3]  # the input is left as it was


def test_the_ends_refuse_saying_which():
    entries = [Entry(1), Entry(2)]
    with pytest.raises(AtTheEnd) as first:
        moved(entries, 1, -1)
    with pytest.raises(AtTheEnd) as last:
        moved(entries, 2, +1)
    assert (first.value.last, last.value.last) == (False, True)


# --- drag and drop: placed before a neighbour ------------------------------------------


def pks(order):
    return [entry.pk for entry in order]


def test_an_entry_dropped_before_a_neighbour_takes_its_place():
    from council.sequence import placed

    entries = [Entry(1), Entry(2), Entry(3), Entry(4)]
    order, index, target = placed(entries, 4, 2)  # dragged up two places
    assert (pks(order), index, target) == ([1, 4, 2, 3], 3, 1)
    order, index, target = placed(entries, 1, 4)  # dragged down two places
    assert (pks(order), index, target) == ([2, 3, 1, 4], 0, 2)
    order, index, target = placed(entries, 2, None)  # dropped last
    assert (pks(order), index, target) == ([1, 3, 4, 2], 1, 3)
    order, index, target = placed(entries, 3, 4)  # where it already was
    assert (pks(order), index, target) == ([1, 2, 3, 4], 2, 2)
    order, _index, _target = placed(entries, 3, 99)  # a stale neighbour: last
    assert pks(order) == [1, 2, 4, 3]
