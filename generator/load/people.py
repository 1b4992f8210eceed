"""site_config.yml's `people:`: who works on the campaigns, their side, and the addresses git knows them by."""

from __future__ import annotations

import re

from generator.load.reader import Reader
from generator.load.shapes import EMAIL_PATTERN, SHAPES
from generator.load.yamlio import key_scalar
from generator.model import Person

_EMAIL = re.compile(EMAIL_PATTERN)


def read_people(r: Reader, node) -> dict[str, Person]:
    people: dict[str, Person] = {}
    owners: dict[str, tuple[str, int]] = {}  # address -> (the person who gave it first, its line)
    m = r.table(node, "people") if node is not None else None
    if m is None:
        return people
    for key, value in m.items():
        path = f"people.{key}"
        if r.ident(key_scalar(m, key), path) is None:
            continue
        spec = r.shape(value, path, SHAPES["person"])
        if spec is None or not {"name", "role", "side"} <= set(spec):
            continue
        side = r.text(spec["side"], f"{path}.side")
        sides = SHAPES["person"].values("side")
        if side not in sides:
            r.fail(spec["side"], f"{path}.side", f"expected {' or '.join(sides)}; got '{side}'")
        emails = _read_emails(r, spec["emails"], key, owners) if "emails" in spec else ()
        # Kept after a problem in name or role (recorded: nothing is built), so references to them still resolve.
        people[key] = Person(key, r.text(spec["name"], f"{path}.name", plain=True, required=True) or key,
                             r.text(spec["role"], f"{path}.role", plain=True, required=True) or "",
                             side if side in sides else sides[0], emails)
    return people


def _read_emails(r: Reader, node, person: str, owners: dict[str, tuple[str, int]]) -> tuple[str, ...]:
    """A person's addresses, lowercased; one address on two people is a problem (whose commits would they be?)."""
    path = f"people.{person}.emails"
    emails = []
    for index, item in enumerate(r.sequence(node, path)):
        address = r.text(item, f"{path}[{index}]", plain=True, required=True)
        if address is None:
            continue
        if not _EMAIL.fullmatch(address):  # git records an author as name@domain: anything else matches no commit
            r.fail(item, f"{path}[{index}]", f"expected an e-mail address such as name@studio.example, as git "
                                             f"records authors; got '{address}'")
            continue
        address = address.lower()
        owner, line = owners.setdefault(address, (person, getattr(item, "line", 0)))
        if owner != person:
            r.fail(item, f"{path}[{index}]", f"'{address}' is also an address of people.{owner} (line {line}); "
                                             f"an address maps git commits to one person: keep it on {owner} "
                                             f"or on {person}, not both")
        emails.append(address)
    return tuple(emails)
