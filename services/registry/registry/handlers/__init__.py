"""The registry's commands: one plain function each, `async def handler(deps, ctx, cmd) -> dict`
(load → decide → append through the kernel's `execute`), mounted from the one table COMMANDS."""
from thidua_kernel.routes import CommandRoute

from ..commands import (
    ChangeClusterMembers, DesignatePilot, ErasePersonalData, DissolveUnit, FormCluster, ImportProvinceUnits, MergeUnits, MoveUnit,
    PledgeSupport, RegisterMovement, RegisterParticipant, RegisterUnit, RenameUnit, SetPlanDeadline, SplitUnit,
    SubmitPlan,
)
from ..account_commands import (
    ChangeAccountRole, CreateAccount, DisableAccount, ResetAccountPassword, RevokeAccountTokens, RevokeToken,
)
from .accounts import (
    change_account_role, create_account, disable_account, reset_account_password, revoke_account_tokens, revoke_token,
)
from .deps import RegistryDeps
from .imports import import_province_units
from .loading import at_start_of
from .personal_data import erase_personal_data
from .participation import designate_pilot, pledge_support, register_participant
from .programme import change_cluster_members, form_cluster, register_movement, set_plan_deadline, submit_plan
from .units import dissolve_unit, merge_units, move_unit, register_unit, rename_unit, split_unit

__all__ = [
    "COMMANDS", "change_account_role", "create_account", "disable_account", "reset_account_password",
    "revoke_account_tokens", "revoke_token", "RegistryDeps", "at_start_of", "change_cluster_members", "designate_pilot", "dissolve_unit",
    "erase_personal_data",
    "form_cluster", "import_province_units", "merge_units", "move_unit", "pledge_support", "register_movement", "register_participant",
    "register_unit", "rename_unit", "set_plan_deadline", "split_unit", "submit_plan",
]

COMMANDS: list[CommandRoute] = [
    CommandRoute("register-unit", RegisterUnit, register_unit),
    CommandRoute("import-province-units", ImportProvinceUnits, import_province_units),
    CommandRoute("rename-unit", RenameUnit, rename_unit),
    CommandRoute("move-unit", MoveUnit, move_unit),
    CommandRoute("dissolve-unit", DissolveUnit, dissolve_unit),
    CommandRoute("merge-units", MergeUnits, merge_units),
    CommandRoute("split-unit", SplitUnit, split_unit),
    CommandRoute("register-participant", RegisterParticipant, register_participant),
    CommandRoute("erase-personal-data", ErasePersonalData, erase_personal_data),
    CommandRoute("designate-pilot", DesignatePilot, designate_pilot),
    CommandRoute("pledge-support", PledgeSupport, pledge_support),
    CommandRoute("set-plan-deadline", SetPlanDeadline, set_plan_deadline),
    CommandRoute("submit-plan", SubmitPlan, submit_plan),
    CommandRoute("register-movement", RegisterMovement, register_movement),
    CommandRoute("form-cluster", FormCluster, form_cluster),
    CommandRoute("change-cluster-members", ChangeClusterMembers, change_cluster_members),
    CommandRoute("create-account", CreateAccount, create_account),
    CommandRoute("change-account-role", ChangeAccountRole, change_account_role),
    CommandRoute("reset-account-password", ResetAccountPassword, reset_account_password),
    CommandRoute("disable-account", DisableAccount, disable_account),
    CommandRoute("revoke-account-tokens", RevokeAccountTokens, revoke_account_tokens),
    CommandRoute("revoke-token", RevokeToken, revoke_token, open_to_readers=True),  # signing out
]
