"""What `receipts init` writes: a 7-day pilot, in English or Spanish, as it stands after each day.

One client audience at tier 2 and the internal team; one campaign whose
tasks move through their labels day by day; a milestone reached; a decision
recorded as a decision commit (its trailers in `DAYS`); an approval awaiting
the client. Every recorded date lies in the week before the build's clock,
so the first build shows all of it (FORMAT.md, "Time"). docs/commands.md
walks through it.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass
from typing import TypedDict

CAMPAIGN_ID = "summer-menu-launch"
SCHEMA_LINE = "# yaml-language-server: $schema={}\n"


class PilotText(TypedDict):
    """The words of the pilot in one language."""

    site_title: str
    client: str
    campaign: str
    summary: str
    goal: str
    team: str
    lead_role: str
    lead_name: str
    designer: tuple[str, str]  # name, role
    copywriter: tuple[str, str]
    client_lead: tuple[str, str]
    deliverables: dict[str, str]
    milestones: dict[str, str]
    tasks: dict[str, str]
    version: str
    note: str
    decision: tuple[str, str]  # title, why
    commits: list[str | None]  # None on the decision day: its subject is the decision


TEXT: dict[str, PilotText] = {
    "en": {
        "site_title": "Pilot week · Behind the scenes",
        "client": "Bright Foods", "campaign": "Summer menu launch",
        "summary": "The launch of **Bright Foods'** summer menu: a key visual, a social kit and a media plan. "
                   "This workspace is a 7-day pilot of Receipts: edit it, commit, and watch the sites follow.",
        "goal": "Fill the summer menu's first week: 1,500 orders in the app",
        "team": "Studio team (internal)", "lead_role": "Account lead", "lead_name": "Alex Rivera",
        "designer": ("Sam Lee", "Senior designer"), "copywriter": ("Noa Levi", "Copywriter"),
        "client_lead": ("Jordan Blake", "Head of Marketing, Bright Foods"),
        "deliverables": {"key-visual": "Key visual", "social-kit": "Social media kit"},
        "milestones": {"kickoff": "Kickoff workshop", "concept-chosen": "Concept chosen",
                       "assets-approved": "Launch assets approved"},
        "tasks": {"brief-workshop": "Brief workshop with Bright Foods", "moodboards": "Two concept moodboards",
                  "key-visual-design": "Key visual, first version", "social-copy": "Copy for the launch posts",
                  "media-plan": "Media plan and budget split", "launch-checklist": "Launch-day checklist"},
        "version": "v1",
        "note": "Jordan signs off budgets with finance on Thursdays: send the media plan by Wednesday.",
        "decision": ("Lead with the golden-hour concept",
                     "The golden-hour route shows the food at its best in the evening light and carries\n"
                     "into every social format; the picnic route read as a spring campaign."),
        "commits": ["Set up the pilot: brief, tasks and the client's site",
                    "Kickoff held; two moodboards on the table",
                    None,  # the decision commit: its subject is the decision
                    "Copy under way; the media plan waits on the client's budget",
                    "Key visual v1 sent to Bright Foods for approval",
                    "Note for the team: budget sign-offs happen on Thursdays",
                    "Launch copy drafted and in review"],
    },
    "es": {
        "site_title": "Semana piloto · Entre bastidores",
        "client": "Bright Foods", "campaign": "Lanzamiento del menú de verano",
        "summary": "El lanzamiento del menú de verano de **Bright Foods**: una imagen clave, un kit para redes "
                   "y un plan de medios. Este espacio es un piloto de Receipts de 7 días: edítalo, haz commits "
                   "y mira cómo lo siguen los sitios.",
        "goal": "Llenar la primera semana del menú de verano: 1.500 pedidos en la app",
        "team": "Equipo del estudio (interno)", "lead_role": "Responsable de cuenta", "lead_name": "Alex Rivera",
        "designer": ("Sam Lee", "Diseñadora sénior"), "copywriter": ("Noa Levi", "Redactora"),
        "client_lead": ("Jordan Blake", "Directora de marketing, Bright Foods"),
        "deliverables": {"key-visual": "Imagen clave", "social-kit": "Kit para redes sociales"},
        "milestones": {"kickoff": "Taller de arranque", "concept-chosen": "Concepto elegido",
                       "assets-approved": "Piezas de lanzamiento aprobadas"},
        "tasks": {"brief-workshop": "Taller de briefing con Bright Foods", "moodboards": "Dos moodboards de concepto",
                  "key-visual-design": "Imagen clave, primera versión", "social-copy": "Textos de las publicaciones",
                  "media-plan": "Plan de medios y reparto del presupuesto",
                  "launch-checklist": "Lista de comprobación del día del lanzamiento"},
        "version": "v1",
        "note": "Jordan aprueba presupuestos con finanzas los jueves: enviar el plan de medios el miércoles.",
        "decision": ("Liderar con el concepto de la hora dorada",
                     "La ruta de la hora dorada muestra la comida en su mejor luz de tarde y funciona\n"
                     "en todos los formatos de redes; la ruta del pícnic parecía una campaña de primavera."),
        "commits": ["Preparar el piloto: briefing, tareas y el sitio del cliente",
                    "Arranque hecho; dos moodboards sobre la mesa",
                    None,
                    "Textos en marcha; el plan de medios espera el presupuesto del cliente",
                    "Imagen clave v1 enviada a Bright Foods para aprobación",
                    "Nota para el equipo: los presupuestos se aprueban los jueves",
                    "Textos del lanzamiento redactados y en revisión"],
    },
}

# Per task: its owner, start and due days (0 = the pilot's first day), and its label on each day from 0 to 6.
TASKS = {
    "brief-workshop": ("lead", 0, 0, ["in-progress", "done", "done", "done", "done", "done", "done"]),
    "moodboards": ("designer", 1, 2, ["not-started", "needs-decision", "done", "done", "done", "done", "done"]),
    "key-visual-design": ("designer", 2, 4, ["not-started", "not-started", "in-progress", "in-progress", "in-review",
                                      "in-review", "in-review"]),
    "social-copy": ("copywriter", 3, 6, ["not-started"] * 3 + ["in-progress"] * 3 + ["in-review"]),
    "media-plan": ("lead", 1, 5, ["not-started", "in-progress", "in-progress"] + ["waiting-on-client"] * 4),
    "launch-checklist": ("lead", 8, 12, ["not-started"] * 7),
}
DONE_ON = {"brief-workshop": 1, "moodboards": 2}  # the day a task's label became done


@dataclass(frozen=True)
class Identity:
    name: str
    email: str


def day_moments(now: dt.datetime) -> list[dt.datetime]:
    """When each day's commit is made: one a day, the last an hour before `now` (UTC, whole minutes)."""
    last = (now - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    return [last - dt.timedelta(days=6 - day) for day in range(7)]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def site_config(lang: str, identity: Identity) -> str:
    t = TEXT[lang]
    people = [("lead", identity.name or t["lead_name"], t["lead_role"], "agency", identity.email),
              ("designer", *t["designer"], "agency", ""), ("copywriter", *t["copywriter"], "agency", ""),
              ("client-lead", *t["client_lead"], "client", "")]
    lines = [SCHEMA_LINE.format("schemas/site_config.schema.json"),
             "# A Receipts workspace: `receipts validate` checks it; docs/format.md lists every key.\n",
             "site:\n", f"  title: {_q(t['site_title'])}\n", f"  language: {lang}\n", "  timezone: UTC\n",
             "output: site\n", "history: {}                  # this folder's git history: decisions and changes\n",
             "people:\n"]
    for pid, name, role, side, email in people:
        emails = f", emails: [{_q(email)}]" if email else ""
        lines.append(f"  {pid}: {{name: {_q(name)}, role: {_q(role)}, side: {side}{emails}}}\n")
    lines += ["audiences:\n",
              f"  client:                     # what {t['client']} sees: work, labels, owners, decisions\n",
              f"    title: {_q(t['client'])}\n", "    tier: 2\n", f"    campaigns: [{CAMPAIGN_ID}]\n",
              f"    language: {lang}\n",
              "  team:                       # everything, built for you alone under site-private/\n",
              f"    title: {_q(t['team'])}\n", "    tier: 4\n", "    internal: true\n", "    campaigns: all\n"]
    return "".join(lines)


def campaign(lang: str, day: int, moments: list[dt.datetime]) -> str:
    """The campaign file as it stands at the end of `day` (0-6)."""
    t = TEXT[lang]
    date = [m.date() for m in moments]
    first = date[0]

    def on(offset: int) -> str:
        return (first + dt.timedelta(days=offset)).isoformat()

    lines = [SCHEMA_LINE.format("../../schemas/campaign.schema.json"),
             f"id: {CAMPAIGN_ID}\n", f"title: {_q(t['campaign'])}\n", f"client: {_q(t['client'])}\n",
             "summary: |\n", *(f"  {line}\n" for line in textwrap.wrap(t["summary"], 100)),
             "brief:\n", f"  goals: [{_q(t['goal'])}]\n", "  deliverables:\n"]
    for did, title in t["deliverables"].items():
        lines.append(f"    - {{id: {did}, title: {_q(title)}, due: {on(13)}}}\n")
    lines.append("milestones:\n")
    reached = {"kickoff": 1, "concept-chosen": 2, "assets-approved": 99}
    when = {"kickoff": 0, "concept-chosen": 2, "assets-approved": 13}
    for mid, title in t["milestones"].items():
        lines.append(f"  - {{id: {mid}, title: {_q(title)}, date: {on(when[mid])}, "
                     f"reached: {'true' if day >= reached[mid] else 'false'}}}\n")
    lines.append("tasks:\n")
    for tid, (owner, start, due, labels) in TASKS.items():
        done = f", done: {on(DONE_ON[tid] - 1 if tid == 'brief-workshop' else DONE_ON[tid])}" \
            if tid in DONE_ON and day >= DONE_ON[tid] else ""
        deliverable = {"key-visual-design": ", deliverable: key-visual", "social-copy": ", deliverable: social-kit"}
        lines.append(f"  - {{id: {tid}, title: {_q(t['tasks'][tid])}, owner: {owner}, label: {labels[day]}"
                     f"{deliverable.get(tid, '')}, start: {on(start)}, due: {on(due)}{done}}}\n")
    if day >= 4:
        requested = moments[4].strftime("%Y-%m-%dT%H:%M:%S")
        lines += ["approvals:                     # visibility 2: the client sees what waits on them\n",
                  "  - {id: key-visual-v1, subject: key-visual-design, version: v1, visibility: 2,\n",
                  f"     requested: {requested}, due: {on(7)}T18:00:00}}\n"]
    if day >= 5:
        lines += ["notes:                         # tier 4 by default: the team's eyes only\n",
                  f"  - {{date: {date[5].isoformat()}, about: media-plan, text: {_q(t['note'])}}}\n"]
    return "".join(lines)


def commit_message(lang: str, day: int) -> str:
    t = TEXT[lang]
    subject = t["commits"][day]
    if subject is not None:
        return subject + "\n"
    title, why = t["decision"]
    return (f"{title}\n\n{why}\n\nDecision: {title}\nCampaign: {CAMPAIGN_ID}\n"
            "Relates-to: moodboards, key-visual-design\nDecided-by: lead, client-lead\nVisibility: 2\n")
