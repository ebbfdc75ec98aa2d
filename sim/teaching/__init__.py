"""Teaching views of one simulated day: a Gantt chart of a caregiver's day in each model
(:mod:`sim.teaching.gantt`) and a narrated, time-stamped trace of a caregiver's or a
client's day (:mod:`sim.teaching.trace`; command line ``python -m sim.trace``)."""
