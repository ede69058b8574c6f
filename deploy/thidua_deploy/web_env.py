"""The web app's settings in a stack: its port and where each service answers (its gateway's upstreams)."""


def web_env(port: int, urls: dict[str, str]) -> dict[str, str]:
    return {"SERVICE_PORT": str(port), "THIDUA_LOG_FORMAT": "json",
            **{f"THIDUA_{name.upper()}_URL": url for name, url in urls.items()}}
