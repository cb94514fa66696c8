"""The cost of stock (O1 art. 18; operations.md §5.2), pure: movements in, costs out.

No database and no clock. A product's stock is replayed from its movements in the order
they were posted (date order is enforced when they are written): a receipt adds a layer
(quantity, cost); an issue takes its cost by the inventory method in force in the
issue's year:

* ``moving_average``: issuing q from a stock of quantity Q and cost C costs C when q = Q,
  else round(C × q / Q) half-up; the stock becomes one layer (Q − q, C − cost);
* ``fifo``: the oldest layers first; taking q' from a layer (q, c) with q' < q costs
  round(c × q' / q) half-up and leaves (q − q', c − that).

Quantities are integer thousandths, costs integer fen. The cost of an issue never
exceeds what the stock holds and the stock's cost is zero when its quantity is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from ledger.money import Rounding, round_fraction

METHODS = ("moving_average", "fifo")


@dataclass(frozen=True)
class Move:
    """One movement: quantity and cost, both signed (in +, out −); ``year`` chooses the
    method an issue is costed by."""

    year: int
    quantity: int
    cost: int


@dataclass
class Stock:
    """What a product holds: its layers, oldest first (one under ``moving_average``)."""

    layers: list[tuple[int, int]] = field(default_factory=list)

    @property
    def quantity(self) -> int:
        return sum(q for q, _ in self.layers)

    @property
    def cost(self) -> int:
        return sum(c for _, c in self.layers)

    def receive(self, quantity: int, cost: int) -> None:
        self.layers.append((quantity, cost))

    def issue_cost(self, quantity: int, method: str) -> int:
        """The cost of issuing ``quantity`` (≤ the stock), without taking it."""
        return _take(list(self.layers), quantity, method)[0]

    def issue(self, quantity: int, method: str) -> int:
        """Take ``quantity`` (≤ the stock) out and return its cost."""
        cost, self.layers = _take(self.layers, quantity, method)
        return cost


def _share(cost: int, part: int, whole: int) -> int:
    return cost if part == whole else round_fraction(Fraction(cost * part, whole), Rounding.HALF_UP)


def _take(
    layers: list[tuple[int, int]], quantity: int, method: str
) -> tuple[int, list[tuple[int, int]]]:
    if method == "moving_average":
        q, c = sum(x for x, _ in layers), sum(y for _, y in layers)
        cost = _share(c, quantity, q)
        return cost, ([(q - quantity, c - cost)] if q > quantity else [])
    left, cost, out = quantity, 0, []
    for q, c in layers:
        if left == 0:
            out.append((q, c))
        elif q <= left:
            left, cost = left - q, cost + c
        else:
            part = _share(c, left, q)
            out.append((q - left, c - part))
            left, cost = 0, cost + part
    return cost, out


def replay(moves: Iterable[Move], method_of: Callable[[int], str]) -> tuple[Stock, list[int]]:
    """The stock after ``moves`` and the cost each issue takes by the rule (in order, one
    per move with a negative quantity). An issue beyond the stock takes what there is
    (``check`` compares the costs with those posted)."""
    stock, costs = Stock(), []
    for m in moves:
        if m.quantity > 0:
            stock.receive(m.quantity, m.cost)
        else:
            costs.append(stock.issue(min(-m.quantity, stock.quantity), method_of(m.year)))
    return stock, costs
