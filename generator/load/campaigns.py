"""content/campaigns/<id>.yml -> Campaign, every problem collected.

`read_campaign` works on bytes so the history reader can parse past versions
of a file with the same rules (without checking asset files on disk).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Problem
from generator.load import limits
from generator.load.campaign_entries import LIST_READERS, CampaignContext, each, read_brief, read_kpis
from generator.load.reader import ALL_INTERNAL_CAMPAIGN, Reader
from generator.load.refs import check_references
from generator.load.shapes import SHAPES
from generator.load.yamlio import YMap, parse
from generator.model import Campaign, SiteConfig

# The names the history reader (history/versions.py, version_text.py) reads a campaign's parts by.
_Context = CampaignContext
_each = each
_read_brief = read_brief
_read_kpis = read_kpis

CAMPAIGN_DIR = "content/campaigns"

# The folders of a built site besides the campaigns': a campaign with one of these ids would share its
# pages' folder with copied files or the theme's (assets/<campaign>/..., css/, js/, search/index.js, ...).
SITE_FOLDERS = frozenset({"assets", "css", "data", "js", "search", "vendor"})


def load_campaigns(root: Path, config: SiteConfig,
                   warnings: list[Problem] | None = None) -> tuple[dict[str, Campaign], list[Problem]]:
    """Every campaign file read; `warnings`, when given, receives what is not an error but should be seen."""
    folder = root / CAMPAIGN_DIR
    problems: list[Problem] = []
    campaigns: dict[str, Campaign] = {}
    entries: list = []
    if not folder.is_dir():
        return {}, [Problem(CAMPAIGN_DIR, 0, "", "folder not found; expected one YAML file per campaign")]
    files = sorted(folder.iterdir())
    problems += _in_subfolders(root, [p for p in files if p.is_dir()])
    for path in files:
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".yaml":
            problems.append(Problem(rel, 0, "", "campaign files end in .yml; rename it"))
        if path.suffix != ".yml":
            continue
        if not path.resolve().is_relative_to(root.resolve()):
            problems.append(Problem(rel, 1, "", "is a symbolic link leading outside the workspace; "
                                                "copy the campaign file into content/campaigns/"))
            continue
        if not path.is_file():
            problems.append(Problem(rel, 1, "", "is not a file; expected a campaign YAML file"))
            continue
        campaign, found = read_campaign(path.read_bytes(), rel, config, root, warnings)
        problems.extend(found)
        if campaign is not None:
            campaigns[campaign.id] = campaign
            entries += limits.entries_of(campaign)
            if len(entries) > limits.MAX_ENTRIES:  # stop reading: the build could not finish anyway
                over = entries[limits.MAX_ENTRIES]
                problems.append(Problem(rel, getattr(over, "line", 0) or 1, "", limits.too_many_entries()))
                break
    return campaigns, problems


SUBFOLDER = ("is in a subfolder of content/campaigns/, and is not read: campaign files are "
             "content/campaigns/<id>.yml; move it up into content/campaigns/ to build it, or out of "
             "content/campaigns/ to archive it")


def _in_subfolders(root: Path, folders: list[Path]) -> list[Problem]:
    """A .yml or .yaml file below a subfolder of content/campaigns/: never a silently skipped campaign."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yml", ".yaml") and not path.is_dir():
                found.append(Problem(path.relative_to(root).as_posix(), 0, "", SUBFOLDER))
    return found


def read_campaign(data: bytes, file: str, config: SiteConfig, root: Path | None,
                  warnings: list[Problem] | None = None) -> tuple[Campaign | None, list[Problem]]:
    node, problems = parse(data, file)
    if node is None:
        return None, problems
    ctx = CampaignContext(Reader(file, config.timezone), config, root)
    campaign = _read(ctx, node, Path(file).stem)
    if campaign is not None:
        check_references(ctx.r, campaign, config)
    if warnings is not None:
        warnings.extend(ctx.r.warnings)
    return campaign, problems + ctx.r.problems


def _read(ctx: CampaignContext, node, stem: str) -> Campaign | None:
    r = ctx.r
    m = r.shape(node, "", SHAPES["campaign"])
    if m is None or "id" not in m:
        return None
    campaign_id = r.ident(m["id"], "id")
    if campaign_id in SITE_FOLDERS:
        r.fail(m["id"], "id", f"'{campaign_id}' is a folder every site has ({', '.join(sorted(SITE_FOLDERS))}); "
                              "choose another id (and file name)")
    if campaign_id is not None and campaign_id != stem:
        r.fail(m["id"], "id", f"'{campaign_id}' differs from the file name; expected '{stem}' "
                              f"(the file stem is the campaign id)")
    goals, deliverables = read_brief(ctx, m.get("brief"))
    nps, series = read_kpis(ctx, m.get("kpis"))
    return Campaign(
        id=campaign_id or stem,
        title=ctx.title(m, "title", "", ALL_INTERNAL_CAMPAIGN),
        client=ctx.title(m, "client", "", ALL_INTERNAL_CAMPAIGN),
        summary=ctx.optional_text(m, "summary", ""),
        goals=goals,
        deliverables=deliverables,
        **{key: each(ctx, m, key, read_one) for key, read_one in LIST_READERS.items()},
        nps=nps,
        series=series,
        file=r.file,
        renamed_from=read_renamed_from(ctx, m),
    )


def read_renamed_from(ctx: CampaignContext, m: YMap) -> tuple[str, ...]:
    """The ids this campaign's file had before a rename (`git mv`): only their history becomes its own."""
    return ctx.r.ident_list(m["renamed_from"], "renamed_from") if "renamed_from" in m else ()
