from pydantic import Field

from thidua_kernel.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    service_port: int = 8104
    # The province the report is about (GSO code; 20 = Lạng Sơn). A query may ask for another.
    province_code: str = Field(default="20", validation_alias="THIDUA_PROVINCE_CODE")
    # catch_up.py: a report is issued as known at a moment at most the projections' caught-up
    # moment minus this margin (the source services' outbox relay lag, normally milliseconds).
    issue_relay_margin_s: float = Field(default=2.0, ge=0, le=3600, validation_alias="THIDUA_ISSUE_RELAY_MARGIN_S")
