from thidua_kernel.service_app import serve

from .app import create_app
from .config import ReportingSettings


def main() -> None:
    settings = ReportingSettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
