"""The words of the unlock page and the Lock button, in each language a site can speak."""

from __future__ import annotations

STRINGS = {
    "en": {
        "heading": "This site is protected",
        "intro": "Enter the passphrase you were given to open it.",
        "label": "Passphrase",
        "remember": "Remember on this device",
        "submit": "Unlock",
        "busy": "Unlocking…",
        "wrong": "Wrong passphrase. Check it and try again.",
        "offline": "The site could not be reached. Check your connection and try again.",
        "unsupported": "This browser cannot open protected sites: it needs service workers and WebCrypto, "
                       "over https or on this computer (localhost).",
        "noscript": "This site needs JavaScript to open.",
        "lock": "Lock",
    },
    "es": {
        "heading": "Este sitio está protegido",
        "intro": "Escribe la frase de acceso que te dieron para abrirlo.",
        "label": "Frase de acceso",
        "remember": "Recordar en este dispositivo",
        "submit": "Desbloquear",
        "busy": "Desbloqueando…",
        "wrong": "La frase de acceso no es correcta. Revísala y vuelve a intentarlo.",
        "offline": "No se pudo llegar al sitio. Revisa la conexión y vuelve a intentarlo.",
        "unsupported": "Este navegador no puede abrir sitios protegidos: necesita service workers y WebCrypto, "
                       "por https o en este ordenador (localhost).",
        "noscript": "Este sitio necesita JavaScript para abrirse.",
        "lock": "Bloquear",
    },
}


def strings(language: str) -> dict[str, str]:
    return STRINGS.get(language, STRINGS["en"])
