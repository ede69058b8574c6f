from thidua_kernel.service_app import serve

from .app import create_app
from .config import RegistrySettings


def main() -> None:
    settings = RegistrySettings()
    serve(create_app(settings), settings)


if __name__ == "__main__":
    main()
