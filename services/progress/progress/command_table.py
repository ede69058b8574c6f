"""Every progress command: path, body model and handler function, in one table (kernel routes)."""
from thidua_kernel.routes import CommandRoute

from . import handlers, matrix_handler, reference_handlers
from .commands import (
    AssessCriterion,
    AssessDistrictMatrix,
    DeclareRegion,
    PublishBuiltinCriteriaSet,
    PublishCriteriaSet,
    RecogniseCommune,
    RecordCommunePlan,
    RevokeRecognition,
    SetTarget,
    SetThreshold,
)

COMMANDS: list[CommandRoute] = [
    CommandRoute("publish-criteria-set", PublishCriteriaSet, handlers.publish_criteria_set),
    CommandRoute("publish-builtin-criteria-set", PublishBuiltinCriteriaSet, handlers.publish_builtin_criteria_set),
    CommandRoute("assess-criterion", AssessCriterion, handlers.assess_criterion),
    CommandRoute("assess-district-matrix", AssessDistrictMatrix, matrix_handler.assess_district_matrix),
    CommandRoute("recognise-commune", RecogniseCommune, handlers.recognise_commune),
    CommandRoute("revoke-recognition", RevokeRecognition, handlers.revoke_recognition),
    CommandRoute("set-target", SetTarget, handlers.set_target),
    CommandRoute("set-threshold", SetThreshold, reference_handlers.set_threshold),
    CommandRoute("declare-region", DeclareRegion, reference_handlers.declare_region),
    CommandRoute("record-commune-plan", RecordCommunePlan, reference_handlers.record_commune_plan),
]
