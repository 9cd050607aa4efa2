"""From verified pairs to clusters: union-find that refuses to join two different stories.

Pairs are joined strongest first. Two clusters are joined only if no headline of
one names something a headline of the other replaces with another name, so
"Earthquake hits Japan" and "Earthquake hits Chile" stay apart even when a
headline like "Earthquake hits" sits between them.
"""

from __future__ import annotations

from collections.abc import Callable

from .verify import names_conflict

MAX_NAME_SETS = 32  # distinct name sets kept per cluster for the conflict check


class StoryUnion:
    """Union-find over headlines with a cannot-link rule on their names."""

    def __init__(self, size: int, names_of: Callable[[int], frozenset[str]]):
        self.parent = list(range(size))
        self.names_of = names_of  # called only for items that take part in a join
        self.names: dict[int, list[frozenset[str]]] = {}

    def _names(self, root: int) -> list[frozenset[str]]:
        if root not in self.names:
            self.names[root] = [self.names_of(root)]
        return self.names[root]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def join(self, i: int, j: int) -> bool:
        """Join the clusters of i and j unless they would mix two stories."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if any(names_conflict(x, y) for x in self._names(a) for y in self._names(b)):
            return False
        root, child = min(a, b), max(a, b)  # deterministic: the earlier item is the root
        self.parent[child] = root
        names = self.names[root]
        self.names[root] = (names + [n for n in self.names.pop(child) if n not in names]
                            )[:MAX_NAME_SETS]
        return True

