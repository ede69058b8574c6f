from thidua_kernel.settings import ServiceSettings


class ProgressSettings(ServiceSettings):
    service_port: int = 8102
