"""What a verdict holds: per test cell, its parts, their points and what failed.

A test cell is one part (all its checks must pass for its points) or, when
its hidden section says ``parts={...}``, several parts that score on their
own.  Messages carry hints only for work that was started.
"""
from dataclasses import dataclass, field

NOT_STARTED = "not written yet"


@dataclass
class Part:
    """One scored part of a test cell (the whole cell when it is not split)."""
    name: str
    points: float
    passed: int = 0
    total: int = 0
    failures: list = field(default_factory=list)   # (message, hint or None, not started?)

    @property
    def score(self):
        return self.points if self.total and self.passed == self.total else 0.0

    @property
    def started(self):
        return self.passed > 0 or not all(untouched for _, _, untouched in self.failures)

    def messages(self):
        """What failed, with hints; a part not started yet says so once, without hints."""
        if self.failures and not self.started:
            return ["not started yet: it raises NotImplementedError"]
        return [m + (f" Hint: {h}" if h and not untouched else "") for m, h, untouched in self.failures]


@dataclass
class CellVerdict:
    grade_id: str
    points: float
    parts: dict = field(default_factory=dict)

    @classmethod
    def new(cls, grade_id, points, split=None):
        """split: part name -> points, or None for a cell scored as one part."""
        split = split or {grade_id: points}
        return cls(grade_id, points, {n: Part(n, p) for n, p in split.items()})

    @property
    def split(self):
        return len(self.parts) > 1

    @property
    def score(self):
        return sum(p.score for p in self.parts.values())

    @property
    def started(self):
        return any(p.started for p in self.parts.values())

    @property
    def passed(self):
        return sum(p.passed for p in self.parts.values())

    @property
    def total(self):
        return sum(p.total for p in self.parts.values())

    @property
    def messages(self):
        return [(f"{p.name}: " if self.split else "") + m for p in self.parts.values() for m in p.messages()]

    def text(self):
        head = (f"{self.grade_id}: {self.passed}/{self.total} checks passed, "
                f"{self.score:g} of {self.points:g} points")
        if not self.split:
            return "\n".join([head] + ["  - " + m for m in self.messages])
        lines = [head]
        for p in self.parts.values():
            lines.append(f"  {p.name}: {p.passed}/{p.total} checks, {p.score:g} of {p.points:g} points")
            lines += ["    - " + m for m in p.messages()]
        return "\n".join(lines)
