"""Where the sites go: the deploy folder and its `-private` twin (FORMAT.md, Publishing rule 1).

The build replaces or deletes only what it can tell it built: a folder holding
the marker file (MARKER), an empty folder, or a site of the layout before the
marker (a home page Receipts generated). Every path is resolved (symbolic links
followed) before it is checked, and an `output:` of site_config.yml that
resolves outside the workspace is refused; `--output` on the command line may
point anywhere. Anything else in the way is one error, raised before any site
is replaced. docs/publishing-keys.md says the same for users.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ReceiptsError
from generator.load.paths import not_a_folder, too_long_name
from generator.model import Audience, Workspace
from generator.site import output as site

MARKER = ".receipts-site"  # in every audience's site folder
ROOT_MARKER = ".receipts-output"  # in the deploy folder and the private folder
MARKER_TEXT = "Written by Receipts (receipts build): the next build may replace or delete this folder.\n"
ROOT_FILES = ("index.html", "404.html", ".nojekyll", ROOT_MARKER)  # what the build writes at a root
PRIVATE_SUFFIX = "-private"
DIR_MODE, FILE_MODE = 0o755, 0o644  # a web server running as another user must read them


@dataclass(frozen=True)
class Layout:
    """The two folders of one build, resolved: `deploy` (uploaded whole) and `private` (local viewing)."""

    deploy: Path
    private: Path

    def __iter__(self) -> Iterator[Path]:
        return iter((self.deploy, self.private))

    def folder_of(self, audience: Audience) -> Path:
        return (self.deploy if audience.publish else self.private) / audience.folder

    def root_of(self, audience: Audience) -> Path:
        return self.deploy if audience.publish else self.private


def layout_for(workspace: Workspace, output: str | Path | None) -> Layout:
    """The resolved folders for `--output` (when given) or the configured `output:`; raises when unsafe."""
    shown = f"--output {output}" if output else f"output: {workspace.config.output} (site_config.yml)"
    try:
        return _checked_layout(workspace, output, shown)
    except OSError as error:  # a name the file system refuses, a folder it will not list...
        raise ReceiptsError(f"{shown}: cannot use {error.filename or 'that folder'} ({error.strerror or error}); "
                            "expected a folder the build can create and write") from None


def _checked_layout(workspace: Workspace, output: str | Path | None, shown: str) -> Layout:
    root = Path(workspace.root).resolve()
    written = Path(os.path.abspath(output if output else Path(workspace.root) / workspace.config.output))
    if not written.name:  # the file system's root: no folder beside it for the private sites
        raise ReceiptsError(f"{shown} is the root of the file system; expected a folder of its own for the sites")
    if too_long_name(written, PRIVATE_SUFFIX):
        raise ReceiptsError(f"{shown}: {too_long_name(written, PRIVATE_SUFFIX)} (with '{PRIVATE_SUFFIX}' for the "
                            "private folder); expected a shorter folder name")
    layout = Layout(written.resolve(), written.with_name(written.name + PRIVATE_SUFFIX).resolve())
    for folder in layout:
        if not output and not folder.is_relative_to(root):
            raise ReceiptsError(f"{shown} leads to {folder}, outside the workspace {root} (through a symbolic "
                                "link); expected a folder inside the workspace (or give --output on the command "
                                "line to write elsewhere)")
        if folder == root or root.is_relative_to(folder) or any(
                folder.is_relative_to((root / own).resolve()) for own in ("content", ".git")):
            raise ReceiptsError(f"output folder {folder} would overwrite the workspace; choose a separate folder "
                                f"({shown} leads there)")
        blocking = not_a_folder(folder)
        if blocking is not None:
            raise ReceiptsError(f"output {folder} is not a folder: {blocking} is a file; expected a folder for the "
                                "sites")
    if layout.deploy.is_relative_to(layout.private) or layout.private.is_relative_to(layout.deploy):
        raise ReceiptsError(f"{shown}: the deploy folder {layout.deploy} and the private folder {layout.private} "
                            "are one (a symbolic link?); expected two separate folders")
    _refuse_private_in_deploy(layout, Path(workspace.root) / workspace.config.output, shown)
    return layout


def _refuse_private_in_deploy(layout: Layout, configured: Path, shown: str) -> None:
    """Private sites inside a deploy folder (this one or the configured one) would be uploaded with it."""
    configured = configured.resolve()
    privates = {layout.private, configured.with_name(configured.name + PRIVATE_SUFFIX)}
    for deploy_folder in {layout.deploy, configured}:
        for private in privates:
            if private.is_relative_to(deploy_folder) or deploy_folder.is_relative_to(private):
                raise ReceiptsError(f"{shown}: the private folder {private} and the deploy folder {deploy_folder} "
                                    "lie one inside the other, so internal sites would be uploaded with the deploy "
                                    f"folder; expected an output folder outside {configured} and its private twin")


def is_receipts_site(folder: Path) -> bool:
    """A folder the build may replace: it holds the marker, or is a site of the layout before the marker."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    marker = folder / MARKER
    return (marker.is_file() and not marker.is_symlink()) or site.is_old_site(folder)


def is_marker_file(path: Path) -> bool:
    """Whether `path` is one of the build's marker files as the build writes them: a file of the fixed text."""
    return path.is_file() and not path.is_symlink() and \
        path.read_text(encoding="utf-8", errors="replace") == MARKER_TEXT


def _is_empty_folder(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir())


def refuse_foreign(layout: Layout) -> None:
    """One error naming everything in the way that the build did not write; nothing is touched."""
    foreign = []
    for root in layout:
        if not root.exists():
            continue
        ours = (root / ROOT_MARKER).is_file()
        for entry in sorted(root.iterdir()):
            if entry.name.startswith((site.TEMP_PREFIX, site.TRASH_PREFIX)) and not entry.is_symlink():
                continue
            if entry.name in ROOT_FILES:  # the build writes a file here: anything else fails after the swaps
                if not (ours and entry.is_file() and not entry.is_symlink()):
                    foreign.append(entry)
                continue
            if is_receipts_site(entry) or _is_empty_folder(entry):
                continue
            foreign.append(entry)
    if foreign:
        listed = ", ".join(str(path) for path in foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise ReceiptsError(f"the output holds what Receipts did not write: {listed}; Receipts replaces only "
                            "empty folders and the sites it built (they hold a .receipts-site file). Move these "
                            "out of the way, or choose another output folder; nothing was replaced")


def left_over(layout: Layout, audiences: dict[str, Audience], built: set[str] | None = None) -> list[tuple[Path, str]]:
    """Sites of ours that no audience writes to any more: (folder, why), to be removed.

    A build of some audiences only (`built`, their ids) removes only what it can attribute: a configured
    audience's folder in the other root (an audience made internal, or published), or the default folder
    (its id) of an audience it built. Any other folder may be the old address of an audience not built
    this time: only a build of every audience removes it, so a subset build leaves no audience siteless."""
    wanted = {layout.folder_of(a) for a in audiences.values()}
    by_folder = {a.folder: a for a in audiences.values()}
    by_folder.update({name: audiences[name] for name in built or () if name not in by_folder})
    found = []
    for root in layout:
        for entry in sorted(root.iterdir()) if root.is_dir() else ():
            if entry in wanted or entry.name.startswith(".") or not is_receipts_site(entry):
                continue
            audience = by_folder.get(entry.name)
            if audience is not None:
                found.append((entry, f"audience '{audience.id}' is now built in "
                                     f"{site.shown_path(layout.folder_of(audience))}/"))
            elif built is None:
                found.append((entry, "no audience of site_config.yml is built there"))
    return found


def kept_left_over(layout: Layout, audiences: dict[str, Audience], built: set[str]) -> list[str]:
    """What a subset build leaves for a build of every audience to remove, said to the user."""
    removable = {path for path, _ in left_over(layout, audiences)}
    attributable = {path for path, _ in left_over(layout, audiences, built)}
    return [f"kept {site.shown_path(path)}/, a site built earlier that no audience of site_config.yml is built in "
            "now (perhaps one whose path changed): a build of every audience removes it"
            for path in sorted(removable - attributable)]


def remove_left_over(found: list[tuple[Path, str]]) -> list[str]:
    notices = []
    for folder, why in found:
        shutil.rmtree(folder)
        notices.append(f"removed {site.shown_path(folder)}/, a site built earlier: {why}")
    return notices


def prepare_roots(layout: Layout, audiences: list[Audience]) -> None:
    """The deploy folder, and the private one when an audience goes there (or it exists), readable by all."""
    for root in layout:
        if root == layout.deploy or root.exists() or any(not a.publish for a in audiences):
            try:
                root.mkdir(parents=True, exist_ok=True)
                root.chmod(DIR_MODE)
            except OSError as error:  # /proc, /sys, a read-only mount...
                raise ReceiptsError(f"cannot create the output folder {root} ({error.strerror or error}); "
                                    "expected a place where the build can make and write a folder") from None


def mark_site(folder: Path) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def write_root_files(root: Path, files: dict[str, bytes]) -> None:
    """The root's own files, each replaced whole (a rename), and its marker."""
    for name, data in {**files, ROOT_MARKER: MARKER_TEXT.encode()}.items():
        temp = root / f"{site.TEMP_PREFIX}{name.lstrip('.')}"
        try:
            temp.write_bytes(data)
            temp.chmod(FILE_MODE)
            temp.replace(root / name)
        finally:
            temp.unlink(missing_ok=True)


def open_to_readers(folder: Path) -> None:
    """Folders 0755, files 0644, whatever the umask (a temporary folder starts as 0700)."""
    folder.chmod(DIR_MODE)
    for base, dirs, files in os.walk(folder):
        for name in dirs:
            path = Path(base, name)
            if not path.is_symlink():
                path.chmod(DIR_MODE)
        for name in files:
            path = Path(base, name)
            if not path.is_symlink():
                path.chmod(FILE_MODE)


def open_every_site(layout: Layout) -> None:
    """Sites built before folders were opened to readers (0700) are opened too, not left unreadable."""
    for root in layout:
        for entry in sorted(root.iterdir()) if root.is_dir() else ():
            if is_receipts_site(entry):
                open_to_readers(entry)
