from pydantic import Field

from thidua_kernel.settings import ServiceSettings


class AwardsSettings(ServiceSettings):
    service_port: int = 8103
    # The province whose districts are ranked (GSO code; 20 = Lạng Sơn). A query may ask for another.
    province_code: str = Field(default="20", validation_alias="THIDUA_PROVINCE_CODE")
    # Issue 11: the schema of the registry's person keys (default: "registry" + the schema suffix).
    personal_keys_schema: str | None = Field(default=None, validation_alias="THIDUA_PERSONAL_KEYS_SCHEMA")
