import uvicorn

from .app import create_app
from .config import WebSettings


def main() -> None:
    settings = WebSettings()
    uvicorn.run(create_app(settings), host=settings.service_host, port=settings.service_port,
                log_level="warning", loop="uvloop", access_log=False)


if __name__ == "__main__":
    main()
