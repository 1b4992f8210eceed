"""The words of the measures pages and signals, in English and Spanish.

Kept beside the shared tables (strings.py) so the measures can grow their
own vocabulary; read through `mt(lang, key, **values)`.
"""

from __future__ import annotations

import math

from generator.render.i18n import fill, lang_of

EN = {
    "section_measures": "Measures",
    "measures_title": "Measures",
    "agency_measures_title": "Measures across campaigns",
    "measures_lede": "How the work is going, in numbers: each chart has its table and its data beside it.",
    "agency_lede": "The same measures across every campaign on this site, counted together.",
    "as_of_line": "Numbers as of {when}.",
    "no_as_of": "No dated entries yet: nothing can be measured.",
    "no_data": "No data yet",
    "opened_note": "Shared as a total by the agency; the entries behind it are not part of this site.",
    "download_csv": "Download the data (CSV)",
    "headline": "At a glance",
    "per_campaign": "By campaign",
    "open_campaign": "Open the measures of {title}",
    # tiles
    "tile_cycle": "Typical time to finish",
    "tile_cycle_value": "{days:day|days}",
    "tile_cycle_help": "Median of {count:finished item|finished items}; the slowest took {max:day|days}.",
    "tile_cycle_help_opened": "Median of {count:finished item|finished items}.",
    "tile_cycle_help_none": "Nothing finished yet.",
    "tile_cycle_not_measured": "Not measured",
    "tile_cycle_help_no_history": ("{count} delivered; deliverables are measured from the day they entered the "
                                   "brief, which needs the change history."),
    "tile_cycle_help_unmeasured": "{count} finished, none with a start date on record.",
    "tile_on_time": "Approvals answered on time",
    "tile_on_time_help": "{on_time} of {counted:approval|approvals} answered by their due date.",
    "tile_rework": "Review rounds asking for changes",
    "tile_rework_help": "{changes} of {steps:review round|review rounds} asked for changes.",
    "tile_brief": "Brief delivered",
    "tile_brief_value": "{delivered} of {briefed}",
    "tile_brief_help": "{missing} still to come; {added} added after kickoff.",
    "tile_brief_help_no_history": "{missing} still to come.",
    "tile_nps": "NPS change, last 90 days",
    "tile_nps_help": "From {baseline} on {baseline_date} to {latest} on {latest_date}.",
    "tile_nps_help_none": "Latest score {latest} on {latest_date}; no score from 90 days before to compare.",
    "tile_nps_help_empty": "No score recorded yet.",
    "tile_stalled": "Stalled work",
    "tile_stalled_help": "Tasks past their label's time limit and approvals past due.",
    "tile_stalled_help_tasks": "Tasks past their label's time limit.",
    "tile_stalled_help_approvals": "Approvals past due.",
    # charts
    "chart_cycle": "Time to finish",
    "chart_cycle_caption": "Half of the finished work took {median:day|days} or less from start to finish; 3 in 4 took {p75:day|days} or less.",
    "chart_cycle_caption_one": "One item is finished so far: it took {median:day|days} from start to finish.",
    "chart_cycle_unmeasured": "Finished but not measured (no start date on record): {items}.",
    "chart_cycle_no_history": "Deliverables are measured from the day they entered the brief, which needs the change history; none is connected.",
    "chart_on_time": "Approvals answered on time, by month due",
    "chart_on_time_caption": "{on_time} of {counted:approval|approvals} were answered by their due date ({rate}); late answers push the dates that follow.",
    "chart_rework": "Review rounds by deliverable or task",
    "chart_rework_caption": "{changes} of {steps:review round|review rounds} asked for changes ({rate}); the most went to {top}.",
    "chart_rework_caption_none": "No review round has asked for changes: every round went through as submitted.",
    "chart_nps": "Client satisfaction (NPS)",
    "chart_nps_caption_change": "Your satisfaction score moved {change:point|points} in 90 days, to {latest}.",
    "chart_nps_caption_latest": "Your latest satisfaction score is {latest}; there is no score from 90 days earlier to compare.",
    "chart_nps_agency": "Client satisfaction (NPS) by campaign",
    "chart_nps_agency_caption": "Each line is one client's satisfaction score over time.",
    "chart_series_caption": "Latest: {value} {unit} on {date}.",
    "chart_series_caption_change": "Latest: {value} {unit} on {date}, up from {first} on {first_date}.",
    "chart_series_caption_down": "Latest: {value} {unit} on {date}, down from {first} on {first_date}.",
    "chart_brief": "Brief accuracy",
    "chart_brief_caption": "{delivered} of {briefed:deliverable|deliverables} in the brief have been delivered.",
    "chart_brief_caption_added": "{delivered} of {briefed:deliverable|deliverables} in the brief have been delivered; {added} were added after kickoff.",
    "chart_brief_caption_added_one": "{delivered} of {briefed:deliverable|deliverables} in the brief have been delivered; 1 was added after kickoff.",
    "stalled_title": "Needs attention",
    "stalled_none": "Nothing needs attention: no approval is open, no task waits on anyone or sits past its time limit or due date, and no deliverable is overdue.",
    # table columns
    "col_item": "Work", "col_kind": "Kind", "col_campaign": "Campaign", "col_started": "Started",
    "col_finished": "Finished", "col_days": "Days", "col_month": "Month due", "col_on_time": "On time",
    "col_late": "Late", "col_share": "Share on time", "col_target": "Deliverable", "col_rounds": "Review rounds",
    "col_changes": "Asked for changes", "col_date": "Date", "col_nps": "NPS", "col_value": "Value ({unit})",
    "col_due": "Due", "col_delivered": "Delivered", "col_added": "Added after kickoff",
    "kind_task": "Task", "kind_deliverable": "Deliverable", "kind_approval": "Approval",
    "status_missing": "Not yet delivered", "yes": "Yes", "no": "No",
    "median": "median",
    "axis_days": "Days", "axis_approvals": "Approvals", "axis_rounds": "Rounds",
    # signals
    "sig_stalled": "{label} for {days} days",
    "sig_stalled_one": "{label} for 1 day",
    "sig_overdue": "Approval overdue for {days} days",
    "sig_overdue_one": "Approval overdue for 1 day",
    "sig_overdue_today": "Approval overdue since {when}",
    "sig_stalled_count": "{n:item needs|items need} attention",
    "empty_cycle": "Nothing finished yet, so there is no time to measure.",
    "empty_on_time": "No approval has been answered or passed its due date yet.",
    "empty_rework": "No review round recorded yet.",
    "empty_brief": "The brief lists no deliverables yet.",
    "empty_nps": "No satisfaction score recorded yet.",
    "empty_series": "No value recorded yet.",
    "attention_more": "The {shown} that have waited longest, of {total}. Each campaign’s own list:",
}

ES = {
    "section_measures": "Indicadores",
    "measures_title": "Indicadores",
    "agency_measures_title": "Indicadores de todas las campañas",
    "measures_lede": "Cómo va el trabajo, en cifras: cada gráfico tiene al lado su tabla y sus datos.",
    "agency_lede": "Los mismos indicadores para todas las campañas de este sitio, contados juntos.",
    "as_of_line": "Cifras a fecha de {when}.",
    "no_as_of": "Aún no hay entradas con fecha: no se puede medir nada.",
    "no_data": "Aún sin datos",
    "opened_note": "La agencia lo comparte como total; las entradas de las que sale no forman parte de este sitio.",
    "download_csv": "Descargar los datos (CSV)",
    "headline": "De un vistazo",
    "per_campaign": "Por campaña",
    "open_campaign": "Abrir los indicadores de {title}",
    "tile_cycle": "Tiempo típico hasta terminar",
    "tile_cycle_value": "{days:día|días}",
    "tile_cycle_help": "Mediana de {count:elemento terminado|elementos terminados}; el más lento tardó {max:día|días}.",
    "tile_cycle_help_opened": "Mediana de {count:elemento terminado|elementos terminados}.",
    "tile_cycle_help_none": "Aún no hay nada terminado.",
    "tile_cycle_not_measured": "Sin medir",
    "tile_cycle_help_no_history": ("{count:entregado|entregados}; los entregables se miden desde el día en que entraron en "
                                   "el brief, lo que requiere el historial de cambios."),
    "tile_cycle_help_unmeasured": "{count:terminado|terminados}, ninguno con fecha de inicio registrada.",
    "tile_on_time": "Aprobaciones respondidas a tiempo",
    "tile_on_time_help": "{on_time} de {counted:aprobación respondida|aprobaciones respondidas} antes de su fecha límite.",
    "tile_rework": "Rondas de revisión con cambios",
    "tile_rework_help": "{changes} de {steps:ronda|rondas} de revisión pidieron cambios.",
    "tile_brief": "Brief entregado",
    "tile_brief_value": "{delivered} de {briefed}",
    "tile_brief_help": "Pendientes: {missing}; {added:añadido|añadidos} después del kickoff.",
    "tile_brief_help_no_history": "Pendientes: {missing}.",
    "tile_nps": "Cambio del NPS, últimos 90 días",
    "tile_nps_help": "De {baseline} el {baseline_date} a {latest} el {latest_date}.",
    "tile_nps_help_none": "Última puntuación {latest} el {latest_date}; no hay una de 90 días antes para comparar.",
    "tile_nps_help_empty": "Aún no hay puntuaciones.",
    "tile_stalled": "Trabajo atascado",
    "tile_stalled_help": "Tareas que superan el plazo de su estado y aprobaciones vencidas.",
    "tile_stalled_help_tasks": "Tareas que superan el plazo de su estado.",
    "tile_stalled_help_approvals": "Aprobaciones vencidas.",
    "chart_cycle": "Tiempo hasta terminar",
    "chart_cycle_caption": "La mitad del trabajo terminado tardó {median:día|días} o menos de principio a fin; 3 de cada 4, {p75:día|días} o menos.",
    "chart_cycle_caption_one": "Por ahora hay un elemento terminado: tardó {median:día|días} de principio a fin.",
    "chart_cycle_unmeasured": "Terminados pero sin medir (sin fecha de inicio registrada): {items}.",
    "chart_cycle_no_history": "Los entregables se miden desde el día en que entraron en el brief, lo que requiere el historial de cambios; no hay ninguno conectado.",
    "chart_on_time": "Aprobaciones respondidas a tiempo, por mes de vencimiento",
    "chart_on_time_caption": "{on_time} de {counted:aprobación|aprobaciones} se respondieron antes de su fecha límite ({rate}); las respuestas tardías empujan las fechas siguientes.",
    "chart_rework": "Rondas de revisión por entregable o tarea",
    "chart_rework_caption": "{changes} de {steps:ronda|rondas} de revisión pidieron cambios ({rate}); la mayoría, en {top}.",
    "chart_rework_caption_none": "Ninguna ronda de revisión pidió cambios: todas pasaron tal como se enviaron.",
    "chart_nps": "Satisfacción del cliente (NPS)",
    "chart_nps_caption_change": "Su puntuación de satisfacción cambió {change:punto|puntos} en 90 días, hasta {latest}.",
    "chart_nps_caption_latest": "Su última puntuación de satisfacción es {latest}; no hay una de 90 días antes para comparar.",
    "chart_nps_agency": "Satisfacción del cliente (NPS) por campaña",
    "chart_nps_agency_caption": "Cada línea es la puntuación de satisfacción de un cliente a lo largo del tiempo.",
    "chart_series_caption": "Último dato: {value} {unit} el {date}.",
    "chart_series_caption_change": "Último dato: {value} {unit} el {date}, frente a {first} el {first_date}.",
    "chart_series_caption_down": "Último dato: {value} {unit} el {date}, por debajo de {first} el {first_date}.",
    "chart_brief": "Precisión del brief",
    "chart_brief_caption": "Se han entregado {delivered} de {briefed:entregable|entregables} del brief.",
    "chart_brief_caption_added": "Se han entregado {delivered} de {briefed:entregable|entregables} del brief; {added} se añadieron después del kickoff.",
    "chart_brief_caption_added_one": "Se han entregado {delivered} de {briefed:entregable|entregables} del brief; 1 se añadió después del kickoff.",
    "stalled_title": "Requiere atención",
    "stalled_none": "Nada requiere atención: ninguna aprobación está abierta, ninguna tarea espera a nadie ni supera su plazo o su fecha, y ningún entregable está vencido.",
    "col_item": "Trabajo", "col_kind": "Tipo", "col_campaign": "Campaña", "col_started": "Inicio",
    "col_finished": "Fin", "col_days": "Días", "col_month": "Mes de vencimiento", "col_on_time": "A tiempo",
    "col_late": "Tarde", "col_share": "Porcentaje a tiempo", "col_target": "Entregable",
    "col_rounds": "Rondas de revisión", "col_changes": "Con cambios", "col_date": "Fecha", "col_nps": "NPS",
    "col_value": "Valor ({unit})", "col_due": "Fecha límite", "col_delivered": "Entregado",
    "col_added": "Añadido después del kickoff",
    "kind_task": "Tarea", "kind_deliverable": "Entregable", "kind_approval": "Aprobación",
    "status_missing": "Aún no entregado", "yes": "Sí", "no": "No",
    "median": "mediana",
    "axis_days": "Días", "axis_approvals": "Aprobaciones", "axis_rounds": "Rondas",
    "sig_stalled": "{label} desde hace {days} días",
    "sig_stalled_one": "{label} desde hace 1 día",
    "sig_overdue": "Aprobación vencida hace {days} días",
    "sig_overdue_one": "Aprobación vencida hace 1 día",
    "sig_overdue_today": "Aprobación vencida desde {when}",
    "sig_stalled_count": "{n:elemento requiere|elementos requieren} atención",
    "empty_cycle": "Aún no hay nada terminado, así que no hay tiempos que medir.",
    "empty_on_time": "Aún no se ha respondido ninguna aprobación ni ha vencido ninguna.",
    "empty_rework": "Aún no hay rondas de revisión.",
    "empty_brief": "El brief aún no incluye entregables.",
    "empty_nps": "Aún no hay puntuaciones de satisfacción.",
    "empty_series": "Aún no hay valores.",
    "attention_more": "Las {shown} que más llevan esperando, de {total}. La lista de cada campaña:",
}

TABLES = {"en": EN, "es": ES}


def mt(lang: str, key: str, **values) -> str:
    return fill(TABLES[lang_of(lang)].get(key) or EN[key], values)


def fmt_number(value: float | int | None, lang: str, digits: int = 1) -> str:
    """12,500 / 22.5 in English; 12.500 / 22,5 in Spanish. Whole numbers without decimals."""
    if value is None:
        return mt(lang, "no_data")
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.{digits}f}".rstrip("0").rstrip(".")
    if lang_of(lang) == "es":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_percent(rate: float | None, lang: str) -> str:
    if rate is None:
        return mt(lang, "no_data")
    text = str(math.floor(rate * 100 + 0.5 + 1e-9))  # half up: 62.5% reads as 63%
    return f"{text} %" if lang_of(lang) == "es" else f"{text}%"


def fmt_signed(value: float | None, lang: str) -> str:
    if value is None:
        return mt(lang, "no_data")
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + fmt_number(abs(value), lang)
