"""Counts what the demo loader created and what it found already present, for the summary line."""
from dataclasses import dataclass, field


@dataclass
class Tally:
    # kind -> [created, present]; insertion order is the order of the summary.
    counts: dict[str, list[int]] = field(default_factory=dict)
    skipped: int = 0

    def created(self, kind: str) -> None:
        self.counts.setdefault(kind, [0, 0])[0] += 1

    def present(self, kind: str) -> None:
        self.counts.setdefault(kind, [0, 0])[1] += 1

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
        return f"demo: {', '.join(parts)} ({tail})"
