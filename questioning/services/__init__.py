"""Questioning's services, one module per use case (drafting, grouping, the floor, passages).

Each: one transaction; the sitting row locked first (it serialises every change of the
sitting's questions, so positions, "one group open" and "one question on the floor" need no
retry loop), then the rows that hang from it; an audit entry; a live event sent on commit.
"""
