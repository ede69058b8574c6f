"""Settings of the web process (pydantic-settings) and nothing else."""
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    service_host: str = "127.0.0.1"
    service_port: int = 8105
    # Where each service answers; the browser reaches them only through /api/<service>/.
    registry_url: str = Field(default="http://127.0.0.1:8101", validation_alias="THIDUA_REGISTRY_URL")
    progress_url: str = Field(default="http://127.0.0.1:8102", validation_alias="THIDUA_PROGRESS_URL")
    awards_url: str = Field(default="http://127.0.0.1:8103", validation_alias="THIDUA_AWARDS_URL")
    reporting_url: str = Field(default="http://127.0.0.1:8104", validation_alias="THIDUA_REPORTING_URL")
    upstream_timeout_s: float = Field(default=60.0, gt=0, validation_alias="THIDUA_WEB_UPSTREAM_TIMEOUT_S")
    log_format: str = Field(default="console", validation_alias="THIDUA_LOG_FORMAT")
    log_level: str = Field(default="INFO", validation_alias="THIDUA_LOG_LEVEL")

    def upstreams(self) -> dict[str, str]:
        return {"registry": self.registry_url, "progress": self.progress_url, "awards": self.awards_url,
                "reporting": self.reporting_url}
