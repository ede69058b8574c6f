from pydantic import Field

from thidua_kernel.settings import ServiceSettings


class AwardsSettings(ServiceSettings):
    service_port: int = 8103
    # The province whose districts are ranked (GSO code; 20 = Lạng Sơn). A query may ask for another.
    province_code: str = Field(default="20", validation_alias="THIDUA_PROVINCE_CODE")
