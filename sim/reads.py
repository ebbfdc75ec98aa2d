"""The registry of which component reads which config keys (issue 25, "no silent settings").

Each component declares the keys it reads, and when it is active, as a module-level
:class:`sim.config.reads.Reads` next to its code; this module collects them and installs them
in the config layer (which imports nothing above it), where every run's overrides are checked
against them: a key set where no active component reads it is a warning naming the key, the
component that would read it and why it is not active (docs/errors.md).
tests/test_no_silent_settings.py checks the declarations against what the code really reads.
"""

from __future__ import annotations

from sim import equal_budget, experiment, organisation, plausibility, stress, transition
from sim.config.reads import ALWAYS, Reads, install, run_equals
from sim.engine import READS as ENGINE
from sim.engine import alarms, familiarity
from sim.metrics import READS as METRICS
from sim.metrics import continuity, costs
from sim.planning import dispatch, lending
from sim.policies import READS as POLICY
from sim.policies import affinity, alarm_answer, execution, minute, minute_routes, replay, trust
from sim.sensitivity import experiment as sensitivity
from sim.world import build, clients, geography, imported, staff

# Keys that describe rather than set anything: read by people (they are kept in each run's
# config.yaml), by no component, so setting one is never a warning.
DESCRIPTIVE = (
    "scenario.description",
    "scenario.districts.*.centre_km",  # the engine plans each district alone
    "scenario.districts.*.geography.kind",
    "scenario.clients.catalogue.*.source",
)

# The command line's and the report's keys are declared here, not in sim/cli.py and
# sim/report/: importing those modules (Hydra's app, matplotlib) would add seconds to every
# ``import sim``.
COMMAND_LINE = Reads(
    "the command line (sim/cli.py)",
    (
        "scenario.name",
        "models.*.label",
        "output.print_table",
        "output.write_event_tables",
        "report.enabled",
        "transition.enabled",  # which experiment runs (sim/cli_checks.py: the sensitivity's)
        "equal_budget.enabled",
        "sensitivity.enabled",
    ),
    ALWAYS,
)
REPORT = Reads(
    "the report (sim/report)", ("report.lang", "report.sensitivity"), run_equals("report.enabled", True)
)

READS: tuple[Reads, ...] = (
    experiment.READS,
    experiment.PRECISION_READS,
    build.READS,
    clients.READS,
    geography.READS,
    staff.READS,
    imported.READS,
    organisation.READS,
    organisation.TEAM_READS,
    ENGINE,
    alarms.READS,
    familiarity.READS,
    stress.READS,
    POLICY,
    dispatch.READS,
    minute_routes.READS,
    minute_routes.BUFFER_READS,
    replay.READS,
    minute.BASE_READS,
    minute.REASSESSMENT_READS,
    affinity.READS,
    execution.READS,
    execution.SLACK_READS,
    execution.CUT_READS,
    trust.HELP_READS,
    trust.SMALL_CREW_READS,
    trust.LEARNED_READS,
    alarm_answer.READS,
    lending.READS,
    METRICS,
    continuity.READS,
    costs.READS,
    plausibility.READS,
    COMMAND_LINE,
    REPORT,
    transition.READS,
    equal_budget.READS,
    sensitivity.READS,
)

install(READS)
