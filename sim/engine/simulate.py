"""The engine: one delivery model run over one world, day by day, as a SimPy simulation.

Each day at midnight the day driver folds yesterday's strain into every
caregiver's stress, draws quits, hires, sick spells and substitutes, builds the
day's visits, lets the model's policy plan the routes, and starts one process per
shift (:mod:`sim.engine.caregiver`). Alarm calls run as their own processes
(:mod:`sim.engine.alarms`). Everything that happens is written to
:class:`~sim.engine.records.Records`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Sequence

import numpy as np
import pandas as pd
import simpy

from sim.config.schema_models import ModelConfig
from sim.engine.errors import InvariantError
from sim.engine.familiarity import Familiarity
from sim.engine.learning import NONE as NO_LEARNING
from sim.engine.linked import link_followers
from sim.engine.names import RunNames
from sim.engine.policy_api import DeliveryPolicy, PolicyFactory, Switch
from sim.engine.records import Records, Sink
from sim.engine.state import Person, ShiftRun, Visit
from sim.organisation import Organisation, Unit, organise, take_substitute
from sim.planning.lending import lend_staff
from sim.stress import quit_probability, sick_probability
from sim.world.build import StaffDraws, World
from sim.world.staff import ShiftTime, StaffSlot, cycle_day, type_shift


class ModelRun:
    """State of one delivery model simulated on one world."""

    def __init__(
        self,
        world: World,
        name: str,
        cfg: ModelConfig,
        make_policy: PolicyFactory,
        record_activities: bool = True,
        on_day: Callable[[int], None] | None = None,
        sink: Sink | None = None,
        districts: Sequence[int] | None = None,
        switches: Sequence[Switch] = (),
    ) -> None:
        # districts share no staff, clients, alarms or help, so a run may simulate some of
        # them; every id a run hands out is keyed by district, so each district's rows are
        # the same whichever others run beside it
        chosen = range(len(world.districts)) if districts is None else sorted(set(districts))
        self.districts = tuple(world.districts[i] for i in chosen)
        self.on_day = on_day  # told each simulated day as it starts (progress)
        self.world = world
        self.name = name
        self.cfg = cfg
        self.sc = world.scenario
        self.env = simpy.Environment()
        self.org: Organisation = organise(world, cfg.organisation)
        self.fam = Familiarity([len(d.clients) for d in world.districts], self.sc.clients.need)
        for d in self.districts:  # who knows whom when the run starts (a unit's own data)
            for client, slot, visits in d.history:
                self.fam.seed(d.index, slot, world.clients[client].loc, visits)
        self.slots: dict[int, StaffSlot] = {s.id: s for d in self.districts for s in d.staff}
        self.persons: dict[int, Person] = {}
        self.names = RunNames(world, self.slots, self.persons)
        self.records = Records(activities=record_activities, sink=sink, names=self.names)
        self.make_policy = make_policy
        self.policy: DeliveryPolicy = make_policy(cfg, self, None)
        self.switches = {s.day: s for s in switches}
        self.learning, self.switched_on = NO_LEARNING, 0  # the last switch's learning period
        self.quit_wave_daily = 0.0  # extra daily chance of quitting during it
        self.holder: dict[int, int | None] = {}
        for s in self.slots.values():
            self.persons[s.id] = Person(s.id, s.district, "regular", s)
            self.holder[s.id] = s.id
        for d in self.districts:
            for pid in d.substitutes:
                self.persons[pid] = Person(pid, d.index, "substitute", None)
        self.vacant_until: dict[int, int] = {}
        self.hired = dict.fromkeys(range(len(world.districts)), 0)
        self._index_units()
        self._visits_made = dict.fromkeys(range(len(world.districts)), 0)
        self._plan_travel: dict[tuple[int, bool], np.ndarray] = {}
        self.type_hours = {k: type_shift(self.sc.staffing, k) for k in self.sc.staffing.shifts}
        self.on_duty: dict[int, ShiftRun] = {}  # person id -> the shift they are working now
        self.guard_min = 60.0 * self.sc.guards.max_hours_past_shift_end
        m = self.sc.metrics
        self.rushed_tol, self.late_tol = m.rushed_tolerance_min, m.late_tolerance_min

    def _index_units(self) -> None:
        """The units simulated (indices stay those of the whole municipality's organisation)
        and what is looked up by unit."""
        simulated = {d.index for d in self.districts}
        self.units: tuple[Unit, ...] = tuple(u for u in self.org.units if u.district in simulated)
        self.active: dict[int, list[ShiftRun]] = {u.index: [] for u in self.units}
        self.units_by_district: dict[int, list[int]] = {}
        self.unit_trip_min: dict[int, float] = {}
        for u in self.units:
            self.units_by_district.setdefault(u.district, []).append(u.index)
            geo = self.world.districts[u.district].geography
            locs = [self.world.clients[c].loc for c in u.clients]
            tm = geo.base_min.mean(axis=0)[np.ix_(locs, locs)] if locs else np.zeros((1, 1))
            self.unit_trip_min[u.index] = float(tm.mean()) if tm.size else 0.0

    def switch_model(self, s: Switch) -> None:
        """Put the simulated districts under model ``s.cfg`` from today (see :class:`Switch`)."""
        self.name, self.cfg = s.name, s.cfg
        self.org = organise(self.world, s.cfg.organisation)
        self._index_units()
        self.policy = self.make_policy(s.cfg, self, self.policy)
        self.learning, self.switched_on = s.learning, s.day
        days = max(1, s.learning.days)
        self.quit_wave_daily = 1.0 - (1.0 - s.quit_wave_share) ** (1.0 / days) if s.quit_wave_share else 0.0

    def learning_gap(self, day: int) -> float:
        """How much of the last switch's learning is still to come on ``day`` (1 to 0;
        :mod:`sim.engine.learning`); 0 without a switch."""
        return self.learning.gap(day - self.switched_on)

    # ---- helpers used by policies and processes -------------------------------------------
    def plan_travel(self, district: int, day: int) -> np.ndarray:
        """Travel minutes planners use: the base matrix with the season, without daily noise."""
        geo = self.world.districts[district].geography
        winter = self.world.calendar.date(day).month in geo.winter_months
        key = (district, winter)
        if key not in self._plan_travel:
            self._plan_travel[key] = geo.base_min * (geo.winter_factor if winter else 1.0)
        return self._plan_travel[key]

    def contact_holder(self, client_id: int) -> int:
        """Person id of the client's contact person today (-1 while the slot is vacant)."""
        slot = self.org.contact_slot.get(client_id)
        held = self.holder.get(slot) if slot is not None else None
        return -1 if held is None else held

    def day_shifts(self, slot: StaffSlot, day: int) -> tuple[ShiftTime, ...]:
        """The shifts ``slot``'s rota position works on ``day`` (its own, or its shift type's)."""
        own = slot.own_shifts(cycle_day(self.world.calendar, self.sc.staffing, day))
        return (self.type_hours[slot.shift],) if own is None else own

    def make_run(
        self,
        person: Person,
        slot: StaffSlot,
        day: int,
        skills: frozenset[str],
        hours: ShiftTime | None = None,
    ) -> ShiftRun:
        """A shift of ``person`` working ``slot``'s rota position on ``day`` (``hours``: which of
        the day's shifts; the first by default)."""
        t = hours if hours is not None else (self.day_shifts(slot, day) or (self.type_hours[slot.shift],))[0]
        start, end, be, bl = t.start, t.end, t.break_earliest, t.break_latest
        district = self.world.districts[slot.district]
        geo = district.geography
        base = day * 1440
        if district.refusal_skills:  # everyone holds the clients' refusals but the refused
            skills = skills | (district.refusal_skills - district.own_refusals.get(person.id, frozenset()))
        home = district.start_loc.get(person.id, 0)  # a unit's caregiver may start from home
        return ShiftRun(
            person=person,
            slot=slot,
            unit=self.org.unit_of_slot[slot.id],
            day=day,
            shift=t.label or slot.shift,
            start=base + start,
            end=base + end,
            break_min=t.break_min,
            break_earliest=base + be,
            break_latest=base + bl,
            mode=geo.mode_index(slot.mode),
            skills=skills,
            own_plan=self.cfg.overheads.planners_per_caregiver == 0,  # no central planner: the unit plans
            meeting_min=self.cfg.overheads.daily_meeting_min
            + (self.learning.training_min if self.learning.within(day - self.switched_on) else 0.0),
            busy_until=base + start,
            base=home,
            loc=home,
            loc_after=home,
        )

    def _keyed_id(self, count: int, district: int) -> int:
        return count * len(self.world.districts) + district

    def new_visit_uid(self, district: int) -> int:
        """Unique visit id, increasing within each district (orders ties in queues)."""
        self._visits_made[district] += 1
        return self._keyed_id(self._visits_made[district], district)

    def new_person_id(self, district: int) -> int:
        """Id of a newcomer hired into ``district`` (after every slot's and substitute's)."""
        pid = self.world.n_persons_initial + self._keyed_id(self.hired[district], district)
        self.hired[district] += 1
        return pid

    def missed(self, v: Visit) -> None:
        """Record a visit nobody performs: its whole need is unmet."""
        v.missed = True
        v.need = v.base_need
        if v.started is not None and not v.started.triggered:
            v.started.succeed()  # a visit following it need not wait
        self.records.visit(v, self.rushed_tol, self.late_tol, self.contact_holder(v.client.id))

    def rostered(self, slot: StaffSlot, day: int) -> bool:
        """Whether the rota puts ``slot`` on duty on ``day``."""
        return cycle_day(self.world.calendar, self.sc.staffing, day) in slot.cycle_days

    def _knows_unit(self, run: ShiftRun, unit: int) -> float:
        """How many visits' worth a person knows the clients of ``unit`` (for lending)."""
        u = self.org.units[unit]
        day = run.day
        return sum(
            self.fam.known(u.district, run.person.id, self.world.clients[c].loc, day) for c in u.clients
        )

    # ---- the day driver --------------------------------------------------------------------
    def day_driver(self) -> Generator[simpy.Event, None, None]:
        from sim.engine.caregiver import shift_process

        for day in range(self.world.n_days):
            yield self.env.timeout(day * 1440 - self.env.now)
            if self.on_day is not None:
                self.on_day(day)
            if day in self.switches:
                self.switch_model(self.switches[day])
            if day == self.world.staff_as_planned_day:
                self._staff_as_planned()
            self.records.compact()
            self._fold_stress()
            draws = self.world.staff_draws(day)
            crews = self._staff_day(day, draws)
            self.policy.start_day(self, day)
            visits = {u.index: self._visits(u, day) for u in self.units}
            org = self.cfg.organisation
            if org.lend_staff and len(self.units) > len(self.districts):
                lend_staff(
                    crews,
                    visits,
                    self.units_by_district,
                    self.unit_trip_min,
                    self.cfg.overheads.logging_min_per_visit,
                    self.cfg.planning.buffer_share,
                    org.lend_threshold,
                    self._knows_unit,
                )
            for unit in self.units:
                self.active[unit.index] = crews[unit.index]
                self.policy.plan(self, unit, visits[unit.index], crews[unit.index], day)
                for run in crews[unit.index]:
                    run.planned_visits = sum(isinstance(t, Visit) for t in run.queue)  # for job control
                    self.env.process(shift_process(self, run))

    def _staff_as_planned(self) -> None:
        """A dated plan names who works its days: on its first day every position's own holder
        is back and rested (the warm-up repeated the days to build who knows whom, not the stress
        and absences of working them day after day); absences are drawn afresh from here on."""
        for slot in self.slots.values():
            self.holder[slot.id] = slot.id
            self.vacant_until.pop(slot.id, None)
        for p in self.persons.values():
            p.stress, p.pending_strain, p.worked_since_update, p.sick_until = 0.0, 0.0, False, -1

    def _fold_stress(self) -> None:
        memory = self.sc.stress.memory_days
        for p in self.persons.values():
            x = p.pending_strain if p.worked_since_update else 0.0
            p.stress += (x - p.stress) / memory
            p.pending_strain, p.worked_since_update = 0.0, False

    def _staff_day(self, day: int, draws: StaffDraws) -> dict[int, list[ShiftRun]]:
        st, stress = self.sc.staffing, self.sc.stress
        rec = self.records
        crews: dict[int, list[ShiftRun]] = {u.index: [] for u in self.units}
        free_subs = {d.index: sorted(d.substitutes) for d in self.districts}
        uncovered: list[StaffSlot] = []
        wave = self.quit_wave_daily if self.learning.within(day - self.switched_on) else 0.0
        for slot in self.slots.values():
            i = slot.id
            pid = self.holder[i]
            if pid is not None and draws.quit[i] < quit_probability(stress, self.persons[pid].stress) + wave:
                rec.staff_day(day, slot.district, i, pid, "quit", 0.0, self.persons[pid].stress, "quit")
                self.holder[i] = pid = None
                self.vacant_until[i] = day + stress.vacancy_days
            if pid is None and self.vacant_until.get(i, 0) <= day:
                pid = self.new_person_id(slot.district)
                self.persons[pid] = Person(pid, slot.district, "regular", slot)
                self.holder[i] = pid
                rec.staff_day(day, slot.district, i, pid, "hire", 0.0, 0.0, "hire")
            if not self.rostered(slot, day):
                continue
            event = ""
            if pid is None:
                status = "vacant"
            else:
                person = self.persons[pid]
                if person.sick_until > day:
                    status = "sick"
                elif draws.sick[i] < sick_probability(stress, person.stress):
                    person.sick_until = day + int(draws.spell_days[i])
                    status, event = "sick", "sick_start"
                else:
                    status = "work"
            hours = self.day_shifts(slot, day)
            rec.staff_day(
                day,
                slot.district,
                i,
                -1 if pid is None else pid,
                status,
                sum(t.minutes for t in hours),
                self.persons[pid].stress if pid is not None else math.nan,
                event,
            )
            unit = self.org.unit_of_slot[i]
            if status == "work":
                assert pid is not None
                crews[unit] += self._runs(self.persons[pid], slot, day, slot.skills, hours)
                continue
            pool = free_subs[slot.district]
            if pool and draws.substitute[i] < st.substitute_fill_probability:
                sub = take_substitute(self.org, pool, unit, float(draws.pick[i]))
                # substitutes hold no delegations; they know the clients they have met (familiarity)
                crews[unit] += self._runs(self.persons[sub], slot, day, frozenset(), hours)
            elif draws.extra[i] < st.extra_shift_probability:
                uncovered.append(slot)
        self._cover_by_extra_shifts(day, draws, uncovered, crews)
        return crews

    def _cover_by_extra_shifts(
        self, day: int, draws: StaffDraws, uncovered: list[StaffSlot], crews: dict[int, list[ShiftRun]]
    ) -> None:
        """Off-duty colleagues of the district take the shifts no substitute covers, as extra
        shifts paid as overtime, within the Working Hours Act's yearly limit."""
        if not uncovered:
            return
        year = self.world.calendar.date(day).year
        limit = self.sc.staffing.max_extra_shift_h_per_year * 60.0
        off: dict[int, list[int]] = {}
        for slot in self.slots.values():
            pid = self.holder[slot.id]
            if pid is not None and not self.rostered(slot, day) and self.persons[pid].sick_until <= day:
                off.setdefault(slot.district, []).append(pid)
        for slot in uncovered:
            hours = self.day_shifts(slot, day)
            length = sum(t.minutes for t in hours)
            pool = [
                pid
                for pid in off.get(slot.district, ())
                if (self.persons[pid].extra_shift_min if self.persons[pid].extra_shift_year == year else 0.0)
                + length
                <= limit
            ]
            if not pool:
                continue
            person = self.persons[pool[int(draws.extra_pick[slot.id] * len(pool))]]
            off[slot.district].remove(person.id)
            if person.extra_shift_year != year:
                person.extra_shift_year, person.extra_shift_min = year, 0.0
            person.extra_shift_min += length
            own = person.slot.skills if person.slot is not None else frozenset()
            runs = self._runs(person, slot, day, own, hours)
            for run in runs:
                run.extra_shift = True
            crews[self.org.unit_of_slot[slot.id]] += runs

    def _runs(
        self, person: Person, slot: StaffSlot, day: int, skills: frozenset[str], hours: tuple[ShiftTime, ...]
    ) -> list[ShiftRun]:
        """``person``'s shifts of the day on ``slot``'s position, each after the person's previous
        shift (a person is in one place at a time: a shift waits for the last one to end)."""
        runs = []
        for t in hours:
            run = self.make_run(person, slot, day, skills, t)
            run.after, person.last_run = person.last_run, run
            runs.append(run)
        return runs

    def _visits(self, unit: Unit, day: int) -> list[Visit]:
        world = self.world
        wd, wk = world.calendar.weekday(day), world.calendar.week(day)
        factor, extra = world.need_noise(day)
        in_hosp = world.course.in_hospital[:, day]
        mult = world.course.need_multiplier[:, day]
        ratio = self.sc.clients.need.need_to_standard_ratio
        deferrable_below = self.cfg.planning.deferrable_below_essential_share
        out: list[Visit] = []
        followers: list[Visit] = []
        for cid in unit.clients:
            if in_hosp[cid]:
                continue
            c = world.clients[cid]
            for p in c.plans:
                if not p.active(wd, wk):
                    continue
                x = float(extra[cid, p.index])
                base = (
                    p.standard_min * ratio * c.client_factor * float(mult[cid]) * float(factor[cid, p.index])
                    + x
                )
                v = Visit(self.new_visit_uid(unit.district), day, p, c, unit.index, base, x, deferrable_below)
                v.allotted = self.policy.allot(self, v)
                out.append(v)
                if p.follows:
                    followers.append(v)
        link_followers(followers, out)
        return out

    def run(self) -> dict[str, pd.DataFrame]:
        """Simulate all days and return the event tables (none when they were streamed to a
        sink)."""
        from sim.engine.alarms import alarm_dispatcher

        self.env.process(self.day_driver())
        for d in self.districts:
            self.env.process(alarm_dispatcher(self, d))
        # one extra day lets the last evening's overtime and night alarms finish
        self.env.run(until=(self.world.n_days + 1) * 1440)
        for run in self.on_duty.values():  # a shift nobody could finish: waiting for a partner
            raise InvariantError(
                f"caregiver {self.names.person_name(run.person.id)}'s shift of day {run.day} never ended "
                f"({len(run.queue)} tasks left): it waited for someone who never came (a double or "
                "linked visit planned in crossing orders)"
            )
        return self.records.frames()
