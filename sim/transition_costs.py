"""What a transition costs beyond the months it simulates, and its costs per component.

* the **one-off costs** of a district's switch, in its switch month: course fees per caregiver,
  equipment per new team, the systems' changes per district (``transition.*_sek``,
  assumptions with ranges);
* the **run-on costs** (the old planners' notice, the logging contract) are computed month by
  month in :mod:`sim.transition` and kept as the component ``run_on``;
* the costs per replication, arm and component over the measured period, and the **cost
  bridge** between staying and having switched (:func:`sim.metrics.bridge.cost_bridge`).
"""

from __future__ import annotations

import pandas as pd

from sim.config.schema import RunConfig
from sim.metrics.bridge import cost_bridge

COST_COLUMNS = ["replication", "arm", "component", "sek"]
RUN_ON = "run_on"  # the component of the run-on costs (planners' notice, logging contract)
ONE_OFF = "one_off"  # the component of a switch's one-off costs (courses, equipment, systems)


def one_off_cost(run: RunConfig, n_positions: int, n_teams: int) -> float:
    """What a district's switch costs once, in its switch month (SEK): course fees per caregiver
    position, equipment per new team and the systems' changes for the district."""
    t = run.transition
    return (
        t.course_fee_per_caregiver_sek * n_positions
        + t.equipment_per_team_sek * n_teams
        + t.systems_change_per_district_sek
    )


def whole_client_months(monthly: pd.DataFrame) -> float:
    """The municipality's client-months over the measured period (the same in every arm and
    replication): what the whole horizon's costs are divided by."""
    cm = monthly[(monthly["metric"] == "client_months") & (monthly["district"] == "all")]
    if cm.empty:
        return float("nan")
    return float(cm.groupby(["replication", "arm"])["value"].sum().mean())


def transition_bridge(monthly: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """The cost bridge of ``switched`` against ``stay`` over the whole horizon, per client-month
    (:func:`sim.metrics.bridge.cost_bridge`); empty without both arms. The run-on costs (the
    old planners' notice, the logging contract) count as planning and logging: assumed overhead."""
    arms = set(costs["arm"]) if not costs.empty else set()
    if not {"stay", "switched"} <= arms:
        return pd.DataFrame()
    # the steady states are compared: the switched arm never switches, so it has neither run-on
    # nor one-off costs (both are in the phased arm's transition cost)
    named = costs.rename(columns={"arm": "model"}).replace({"component": {RUN_ON: "planning_logging"}})
    return cost_bridge(named, ["stay", "switched"], whole_client_months(monthly))


def component_costs(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per replication, arm and component: the districts' costs over the measured
    period summed (SEK; the run-on costs as ``run_on``)."""
    if not parts:
        return pd.DataFrame(columns=COST_COLUMNS)
    df = pd.concat(parts, ignore_index=True)
    keys = ["replication", "arm", "component"]
    out: pd.DataFrame = df.groupby(keys, sort=False)["sek"].sum().reset_index()
    return out[COST_COLUMNS]
