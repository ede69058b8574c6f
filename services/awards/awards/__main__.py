from thidua_kernel.service_app import serve

from .app import create_app
from .config import AwardsSettings


def main() -> None:
    settings = AwardsSettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
