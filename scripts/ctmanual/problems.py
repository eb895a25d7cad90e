"""Problems found in content, collected and reported together (as sandpaper does).

A stage never stops at the first problem: it adds each one here, and the caller
decides whether to go on. Every problem names a file and a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        kind = "warning: " if self.warning else ""
        return f"{path.as_posix()}:{self.line}: {kind}{self.message}"


@dataclass
class ProblemList:
    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def error(self, path: Path, line: int, message: str) -> None:
        self.add(Problem(path, line, message))

    def warn(self, path: Path, line: int, message: str) -> None:
        self.add(Problem(path, line, message, warning=True))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self, root: Path | None = None) -> str:
        lines = [p.format(root) for p in sorted(self.items)]
        count = len(self.errors)
        if count:
            lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)


class ContentError(Exception):
    """Raised by the orchestrator when a stage reported problems."""

    def __init__(self, problems: ProblemList):
        super().__init__(problems.report())
        self.problems = problems
