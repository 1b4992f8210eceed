"""UI strings of the transparency pack (en, es): its own table, read through `pt`.

The pack also uses the site's strings (i18n.t) for what it shares with the
pages: verdicts, states, milestones, timeline kinds, receipt facts.
"""

from __future__ import annotations

from generator.render.i18n import fill, lang_of

EN = {
    "pack_title": "Transparency pack",
    "pack_link": "Download the transparency pack (PDF)",
    "pack_link_help": "Everything on this site about this campaign, in one file you can keep: "
                      "whose turn it is, milestones, the timeline, every approval receipt and the measures.",
    "prepared_for": "Prepared for",
    "as_of": "As of",
    "record": "Record {length}, {short}",
    "record_head": "Record head (SHA-256)",
    "record_none": "No record head was given for this pack.",
    "issued_by": "Issued by",
    "cover_note": "This pack shows only what {audience} may see of this campaign, as of the moment above. "
                  "Times are in {tz}.",
    "contents": "Contents",
    "whose_turn": "Whose turn",
    "whose_turn_none": "Nothing waits on anyone and nothing is past due.",
    "timeline_past": "What happened, oldest first",
    "timeline_upcoming": "Coming up",
    "timeline_none": "Nothing is dated in this period yet.",
    "col_when": "When",
    "col_what": "What",
    "col_detail": "Details",
    "receipts": "Approval receipts",
    "receipts_none": "No approval has been requested in this campaign yet.",
    "receipt_of": "Receipt {n} of {count}",
    "measures": "Measures",
    "measures_none": "No measure is shown for this campaign yet.",
    "page_of": "Page {page} of {pages}",
    "cut_cover": "This campaign is long: some lists below are shortened. Each says so, and the site shows it whole.",
    "cut_events": "The latest {shown} of {total} events: the site's timeline shows them all.",
    "cut_upcoming": "The soonest {shown} of {total} dates to come: the site's timeline shows them all.",
    "cut_receipts": "The latest {shown} of {total} receipts: the site's approvals page lists them all.",
    "cut_rows": "The first {shown} of {total} rows: the site's measures page and its CSV hold them all.",
}

ES = {
    "pack_title": "Dossier de transparencia",
    "pack_link": "Descargar el dossier de transparencia (PDF)",
    "pack_link_help": "Todo lo que este sitio muestra de esta campaña, en un archivo que puede guardar: "
                      "a quién le toca, los hitos, la cronología, cada comprobante de aprobación y las métricas.",
    "prepared_for": "Preparado para",
    "as_of": "A fecha de",
    "record": "Registro {length}, {short}",
    "record_head": "Cabeza del registro (SHA-256)",
    "record_none": "Este dossier no indica la cabeza del registro.",
    "issued_by": "Emitido por",
    "cover_note": "Este dossier muestra solo lo que {audience} puede ver de esta campaña, en el momento indicado. "
                  "Las horas están en {tz}.",
    "contents": "Contenido",
    "whose_turn": "A quién le toca",
    "whose_turn_none": "Nada espera a nadie y nada está vencido.",
    "timeline_past": "Lo ocurrido, de lo más antiguo a lo más reciente",
    "timeline_upcoming": "Próximamente",
    "timeline_none": "Aún no hay nada fechado en este periodo.",
    "col_when": "Cuándo",
    "col_what": "Qué",
    "col_detail": "Detalles",
    "receipts": "Comprobantes de aprobación",
    "receipts_none": "Aún no se ha pedido ninguna aprobación en esta campaña.",
    "receipt_of": "Comprobante {n} de {count}",
    "measures": "Métricas",
    "measures_none": "Aún no se muestra ninguna métrica de esta campaña.",
    "page_of": "Página {page} de {pages}",
    "cut_cover": "Esta campaña es larga: algunas listas se acortan aquí. Cada una lo dice, y el sitio la muestra entera.",
    "cut_events": "Los {shown} hechos más recientes de {total}: la cronología del sitio los muestra todos.",
    "cut_upcoming": "Las {shown} fechas más próximas de {total}: la cronología del sitio las muestra todas.",
    "cut_receipts": "Los {shown} comprobantes más recientes de {total}: la página de aprobaciones del sitio los lista todos.",
    "cut_rows": "Las primeras {shown} filas de {total}: la página de métricas del sitio y su CSV las tienen todas.",
}

TABLES = {"en": EN, "es": ES}


def pt(lang: str, key: str, **values) -> str:
    return fill(TABLES[lang_of(lang)].get(key) or EN[key], values)
