"""The one exception tree of Receipts.

    ReceiptsError
     ├── InputError          a workspace mistake; carries every Problem found (each names its file)
     ├── HistoryError        the git history cannot be read (shallow, no ref)
     ├── AuditError          a built site holds something it must not
     ├── BuildError          the site engine or the file system failed
     └── StrictError         `build --strict`: the build warned, so no site was replaced

Only cli.py turns these into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One user mistake: where it is and what was expected."""

    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class ReceiptsError(Exception):
    """Root of every error Receipts raises on purpose."""


class InputError(ReceiptsError):
    """The workspace is invalid. All problems of a run are collected."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # rebuilt from its fields when a building process sends it back (build_parallel.py)
        return type(self), (self.problems,)


class HistoryError(ReceiptsError):
    """The git history is missing, cut short or unreadable."""


class AuditError(ReceiptsError):
    """A built site failed the audit; the previous site stays in place."""

    def __init__(self, audience: str, findings: list[str]):
        self.audience = audience
        self.findings = findings
        lines = "\n".join(f"  {f}" for f in findings)
        super().__init__(f"audit of audience '{audience}' failed:\n{lines}")

    def __reduce__(self):
        return type(self), (self.audience, self.findings)


class BuildError(ReceiptsError):
    """The site engine or the file system failed during a build."""


class StrictError(ReceiptsError):
    """`receipts build --strict` met warnings: every site built fine, none was replaced."""

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        lines = "\n".join(f"  warning: {w}" for w in warnings)
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        super().__init__(f"--strict: the build gave {count}:\n{lines}")

    def __reduce__(self):
        return type(self), (self.warnings,)
