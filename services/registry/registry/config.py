from thidua_kernel.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    service_port: int = 8101
