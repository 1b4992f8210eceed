"""`receipts verify SITE_DIR_OR_URL [--since HEAD_OR_FILE]` (docs/receipts.md).

Recomputes the chain of the site's record.json, checks every receipt page's
displayed dates, times, verdicts, names and asset hashes against the record,
and, with --since, that an earlier record is a prefix of this one. Prints one
finding a line. Exit 0: verified; 1: findings; 2: input it cannot check (no
record.json, an unreachable address, a protected site). Wired into
generator.cli with `add_parser(sub)` and `"verify": run`.
"""

from __future__ import annotations

import argparse
import sys

from generator.verify.pages import page_findings, shown
from generator.verify.record_file import FILE, Loaded, chain_findings, parse
from generator.verify.since import since_findings
from generator.verify.source import Site, Unusable

PROTECTED_MARK = "_sealed/keys.json"  # generator/protect/seal.py: every protected site has it, in the clear


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("verify", help="check a site's record.json, its receipts and an earlier record")
    parser.add_argument("site", metavar="SITE_DIR_OR_URL", help="a built site (site/acme) or its address (https://...)")
    parser.add_argument("--since", metavar="HEAD_OR_FILE",
                        help="an earlier record.json you saved, or its head (HEX or LENGTH:HEX): it must be a prefix")
    return parser


def findings_for(where: str, since: str | None) -> tuple[list[str], Loaded]:
    site = Site(where)
    if site.read(PROTECTED_MARK) is not None:
        raise Unusable(f"{where}: a protected site: its files are encrypted, so it cannot be verified without "
                       "unlocking; verify the folder the build made before sealing, or a saved record.json")
    record = parse(site.read(FILE), f"{where}: {FILE}")
    found = chain_findings(record, FILE)
    seen = set()
    for rel in site.pages(record.receipts):
        raw = site.read(rel)
        if raw is None:
            found.append(f"{rel}: listed in {FILE} but not on the site")
            continue
        page = shown(raw.decode("utf-8", errors="replace"))
        seen.add(page.approval)
        found += page_findings(rel, page, record)
    found += [f"{FILE}: no receipt page shows {key}" for key in sorted(record.receipts) if key not in seen]
    if since is not None:
        found += since_findings(since, record)
    return found, record


def run(args) -> int:
    try:
        findings, record = findings_for(args.site, args.since)
    except Unusable as exc:
        sys.stderr.write(f"receipts verify: {exc}\n")
        return 2
    for finding in findings:
        sys.stdout.write(f"{finding}\n")
    if findings:
        plural = "s" if len(findings) != 1 else ""
        sys.stderr.write(f"receipts verify: {len(findings)} finding{plural} in {args.site}\n")
        return 1
    since = ", and extends the one given with --since" if args.since else ""
    sys.stdout.write(f"{args.site}: record {record.length}, {record.head} verified: its chain, every receipt page"
                     f"{since}\n")
    return 0
