"""The words (en, es) of the redaction matrix (kinds of row, answers, filter) and of lists cut short at scale.

Merged into strings.STRINGS.
"""

from __future__ import annotations

MATRIX_EN = {
    "kind_name_comment": "Comment", "kind_name_step": "Approval step", "kind_name_point": "KPI point",
    "kind_name_span": "Internal span", "kind_name_campaign": "Campaign",
    "matrix_intro_1": "One row per entry and per sub-entry (a comment, an approval step, a KPI point, a note, "
                      "an internal span, shown by its first words), one column per audience. Each cell says "
                      "whether that audience’s site shows the row, and if not, why: its tier, a hidden entry it "
                      "refers to, or a campaign that audience is not given. Visibility is the row’s own level as "
                      "written, before parents and references are applied.",
    "matrix_intro_2": "Use it before you publish: a row Shown in a client’s column is fair game in front of that "
                      "client; an internal row, or one hidden in every client column, stays in the team.",
    "matrix_within": "in {where}",
    "m_shown": "Shown", "m_tier": "Hidden by tier: needs {tier}", "m_tier_internal": "Hidden by tier: internal only",
    "m_planned": "Hidden by tier: needs {tier} (not done yet)",
    "m_scheduled": "Hidden by tier: needs {tier} (scheduled)",
    "m_refers": "Hidden: refers to hidden {kind} {id}", "m_campaign": "Not in this audience’s campaigns",
    "mf_legend": "Filter the rows", "mf_audience": "Audience", "mf_state": "State", "mf_kind": "Kind",
    "mf_campaign": "Campaign", "mf_any": "Any", "mf_state_shown": "Shown", "mf_state_tier": "Hidden by tier",
    "mf_state_refers": "Hidden: refers to a hidden entry", "mf_state_campaign": "Not in its campaigns",
    "mf_state_hidden": "Hidden (any reason)", "mf_count": "Rows on this page: {n} of {total}",
    "mf_other_page": "on page {n}", "mf_clear": "Clear",
    # long lists, cut short so a page stays light however large the agency (render/capped.py)
    "more_on_overview": "{n} more on the campaign’s overview",
    "turn_more": "The {shown} that have waited longest, of {total}. Each campaign’s overview lists all of its own.",
}

MATRIX_ES = {
    "kind_name_comment": "Comentario", "kind_name_step": "Paso de aprobación", "kind_name_point": "Punto de KPI",
    "kind_name_span": "Fragmento interno", "kind_name_campaign": "Campaña",
    "matrix_intro_1": "Una fila por entrada y por subentrada (un comentario, un paso de aprobación, un punto de "
                      "KPI, una nota, un fragmento interno, con sus primeras palabras), una columna por público. "
                      "Cada celda dice si el sitio de ese público muestra la fila y, si no, por qué: su nivel, una "
                      "entrada oculta a la que se refiere o una campaña que ese público no tiene. La visibilidad es "
                      "el nivel propio de la fila tal como se escribió, antes de aplicar padres y referencias.",
    "matrix_intro_2": "Consúltala antes de publicar: lo que es Visible en la columna de un cliente se puede tratar "
                      "delante de ese cliente; una fila interna, u oculta en todas las columnas de clientes, se "
                      "queda en el equipo.",
    "matrix_within": "en {where}",
    "m_shown": "Visible", "m_tier": "Oculto por nivel: necesita {tier}",
    "m_tier_internal": "Oculto por nivel: solo interno",
    "m_planned": "Oculto por nivel: necesita {tier} (aún sin hacer)",
    "m_scheduled": "Oculto por nivel: necesita {tier} (programado)",
    "m_refers": "Oculto: se refiere a {kind} {id}, oculto", "m_campaign": "No está en las campañas de este público",
    "mf_legend": "Filtrar las filas", "mf_audience": "Público", "mf_state": "Estado", "mf_kind": "Tipo",
    "mf_campaign": "Campaña", "mf_any": "Cualquiera", "mf_state_shown": "Visible", "mf_state_tier": "Oculto por nivel",
    "mf_state_refers": "Oculto: se refiere a una entrada oculta", "mf_state_campaign": "Fuera de sus campañas",
    "mf_state_hidden": "Oculto (por cualquier motivo)", "mf_count": "Filas en esta página: {n} de {total}",
    "mf_other_page": "en la página {n}", "mf_clear": "Quitar filtros",
    "more_on_overview": "{n:elemento más|elementos más} en la vista general de la campaña",
    "turn_more": "Las {shown} que más llevan esperando, de {total}. La vista general de cada campaña las lista todas.",
}
