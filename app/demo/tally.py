"""Counts what the demo loader created and what it found already present, for the summary line."""
from dataclasses import dataclass, field


@dataclass
class Tally:
    # kind -> [created, present]; insertion order is the order of the summary.
    counts: dict[str, list[int]] = field(default_factory=dict)
    skipped: int = 0
    # Repairs of rows that existed but lacked something (an empty subject line, a file gone from
    # disk): "restored missing files" -> 3. Shown only when non-zero, so a clean re-run reads the same.
    repairs: dict[str, int] = field(default_factory=dict)

    def declare(self, *kinds: str) -> None:
        """Fix the summary order of kinds whose first count may come in either order."""
        for kind in kinds:
            self.counts.setdefault(kind, [0, 0])

    def created(self, kind: str, count: int = 1) -> None:
        self.counts.setdefault(kind, [0, 0])[0] += count

    def present(self, kind: str, count: int = 1) -> None:
        self.counts.setdefault(kind, [0, 0])[1] += count

    def repaired(self, what: str, count: int = 1) -> None:
        self.repairs[what] = self.repairs.get(what, 0) + count

    @property
    def total_created(self) -> int:
        return sum(created for created, _ in self.counts.values())

    @property
    def total_present(self) -> int:
        return sum(present for _, present in self.counts.values())

    def summary(self) -> str:
        parts = []
        for kind, (created, present) in self.counts.items():
            total = created + present
            parts.append(f"{total} {kind.removesuffix('s') if total == 1 else kind}")
        tail = f"created {self.total_created}, already present {self.total_present}"
        if self.skipped:
            # A dossier whose nominee another active dossier already proposes (the one-form rule).
            tail += f", skipped {self.skipped} conflicting"
        for what, count in self.repairs.items():
            if count:
                tail += f", {what}: {count}"
        return f"demo: {', '.join(parts)} ({tail})"
