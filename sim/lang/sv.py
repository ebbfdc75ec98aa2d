"""Svenska texter för diagram, rapporter och undervisningsvyer (parallellt med :mod:`sim.lang.en`)."""

from __future__ import annotations

TEXT: dict[str, str] = {
    # ---- tal och ord -------------------------------------------------------------------------
    "na": "saknas",
    "fmt.percent": "{x} %",
    "fmt.pp": "{x} procentenheter",
    "fmt.sek": "{x} kr",
    "fmt.min": "{x} min",
    "fmt.hmin": "{h} tim {m} min",
    "fmt.staff": "{x}",
    "fmt.index": "{x}",
    "fmt.1/year": "{x} per år",
    "word.and": " och ",
    "word.yes": "ja",
    "word.no": "nej",
    "unit.share": "%",
    "unit.pp": "procentenheter",
    "unit.min": "min",
    "unit.SEK": "kr",
    "unit.staff": "personer",
    "unit.index": "index",
    "unit.1/year": "per tjänst och år",
    # ---- modellerna ----------------------------------------------------------------------------
    "model.minute.name": "Minutstyrd",
    "model.trust.name": "Tillitsbaserad",
    "model.minute.phrase": "minutstyrd hemtjänst",
    "model.trust.phrase": "tillitsbaserad hemtjänst",
    "model.minute.plain": (
        "En biståndshandläggare beviljar varje insats med en schablontid. Centrala planerare lägger varje "
        "medarbetares körlista utifrån minuterna så att arbetspasset fylls, med lite marginal. Personalen "
        "registrerar start och slut för varje besök i mobilen och stannar den beviljade tiden; den som "
        "ligger efter kortar besöken för att komma i fas. Utföraren får ersättning per beviljad minut."
    ),
    "model.trust.plain": (
        "Små team ansvarar för brukarna i ett område, och varje brukare har en kontaktperson. Teamet "
        "planerar sin egen dag på ett kort morgonmöte, sätter kända ansikten först och lämnar en del av "
        "varje pass fri för det oväntade. Personalen stannar så länge brukaren verkligen behöver; en "
        "kollega med tid över tar över besök innan någon kortar insatsen. Personalens arbetade timmar "
        "ersätts."
    ),
    "model.other.plain": "En utförandemodell som definieras i konfigurationen (inställningarna står nedan).",
    # ---- mått --------------------------------------------------------------------------------
    "metric.staff_per_client_14d": "Personalkontinuitet: antal olika personal per brukare på 14 dagar",
    "metric.staff_per_client_14d_median": "Antal olika personal per brukare på 14 dagar (median)",
    "metric.staff_per_client_day": "Olika personal per kund och dag",
    "metric.contact_person_share": "Besök gjorda av kontaktpersonen",
    "metric.unmet_need_min_per_client_week": "Ej tillgodosett behov per brukare och vecka",
    "metric.familiarisation_min_per_client_week": "Inskolningstid per brukare och vecka",
    "metric.provider_payment_granted_per_client_month_sek": (
        "Ersättning till utföraren per brukare och månad, beviljade timmar"
    ),
    "metric.rushed_visit_share": "Stressade besök (kortare än behovet)",
    "metric.missed_visit_share": "Uteblivna besök",
    "metric.late_visit_share": "Försenade besök",
    "metric.behind_plan_share": "Besök senare än planerat",
    "metric.planned_late_share": "Besök planerade efter utlovad tid",
    "metric.start_spread_min": "Spridning i besökets tid från dag till dag",
    "metric.alarm_response_mean_min": "Insatstid vid trygghetslarm (medel)",
    "metric.alarm_response_p90_min": "Insatstid vid trygghetslarm (9 av 10 inom)",
    "metric.alarm_within_guarantee_share": "Larm besvarade inom utlovad tid",
    "metric.overtime_min_per_shift": "Övertid per arbetspass",
    "metric.missed_break_share": "Uteblivna måltidsraster",
    "metric.strain_index": "Daglig belastning (index)",
    "metric.job_control": "Kontroll över arbetet (0–1)",
    "metric.job_support": "Stöd från kollegor (0–1)",
    "metric.sick_leave_rate": "Sjukfrånvaro",
    "metric.extra_shift_share": "Pass täckta av en kollegas extrapass",
    "metric.uncovered_shift_share": "Frånvaro som ingen täckte",
    "metric.turnover_rate": "Personalomsättning",
    "metric.care_time_share": "Brukartid (andel av betald tid hos brukarna)",
    "metric.travel_time_share": "Andel betald tid för förflyttning",
    "metric.admin_time_share": "Andel betald tid för registrering av besök",
    "metric.meeting_time_share": "Andel betald tid i teammöten",
    "metric.idle_time_share": "Andel betald tid i väntan eller utan uppgift",
    "metric.break_time_share": "Andel betald tid för rast",
    "metric.visits_per_caregiver_day": "Besök per medarbetare och dag",
    "metric.plan_kept_caregiver_share": "Besök av den planerade medarbetaren",
    "metric.plan_kept_time_share": "Besök som började inom sitt tidsfönster",
    "metric.cost_per_client_month_sek": "Kostnad per brukare och månad",
    "metric.cost_per_care_hour_sek": "Kostnad per utförd brukartimme",
    "metric.provider_payment_per_client_month_sek": "Ersättning till utföraren per brukare och månad",
    "verdict.better": "klart bättre",
    "verdict.worse": "klart sämre",
    "verdict.different": "klart annorlunda",
    "verdict.unclear": "ingen säker skillnad",
    # ---- kostnadsposter och tidsanvändning ------------------------------------------------------
    "cost.staff": "Ordinarie personal",
    "cost.team_meetings": "Teammöten och utbildning",
    "cost.overtime": "Övertid",
    "cost.substitutes": "Timavlönade vikarier",
    "cost.sick_pay": "Sjuklön",
    "cost.recruitment": "Rekrytering",
    "cost.travel": "Resor (fordon)",
    "cost.planning_logging": "Planerare och registreringssystem",
    "cost.team_leaders": "Teamledare",
    "cost.alarm_unit": "Larmgrupp",
    "time.care": "Hos brukarna (brukartid)",
    "time.travel": "Förflyttning",
    "time.admin": "Registrering av besök",
    "time.meeting": "Teammöten",
    "time.idle": "Väntan eller utan uppgift",
    "time.break": "Raster",
    # ---- diagram -------------------------------------------------------------------------------
    "plot.headline.title": "Nyckeltal: varje modell (medelvärde, 95 % intervall) och den parvisa skillnaden",
    "plot.headline.diff_title": "{b} − {a}",
    "plot.relative.title": "Alla skillnader i en bild",
    "plot.relative.xlabel": "{b} − {a}, i % av värdet för {a}",
    "plot.continuity.title": "Hur många olika personal en brukare möter",
    "plot.continuity.short": "(hela perioden på {days} dagar; det officiella måttet avser {full} dagar)",
    "plot.continuity.none": (
        "Ingen brukare hade två besök varje dag under ett helt fönster: inget kontinuitetsmått."
    ),
    "plot.continuity.series": "{model} (medel {mean})",
    "plot.continuity.reference": "Riksgenomsnitt 2021: {x} (Socialstyrelsen)",
    "plot.continuity.xlabel": "Antal olika personal som besökt brukaren på {days} dagar",
    "plot.continuity.ylabel": "Andel av brukarna",
    "plot.costs.title": "Kostnad per brukare och månad",
    "plot.costs.ylabel": "kr per brukare och månad",
    "plot.costs.diff_title": "Vad som gör skillnaden",
    "plot.costs.diff_xlabel": "{b} − {a}, kr per brukare och månad",
    "plot.costs.diff_total": "Totalt: {x} kr",
    "plot.time.title": "Hur den betalda tiden används",
    "plot.time.xlabel": "Andel av betald tid (mätperioden)",
    "plot.stress.title": (
        "Belastning och sjukfrånvaro vecka för vecka (medel och 95 % intervall över körningarna)"
    ),
    "plot.stress.strain": "Belastning per arbetspass (index)",
    "plot.stress.stress": "Personalens stressnivå (index)",
    "plot.stress.sick": "Schemalagda pass förlorade genom sjukdom (%)",
    "plot.stress.week": "Vecka (1 = första mätveckan)",
    "plot.stress.warmup": "uppvärmning",
    "plot.sweep.diff_title": "{b} − {a} vid varje inställning (95 % intervall)",
    # ---- undervisning: personer, insatser, tider, datum -------------------------------------------
    "who.caregiver": "Undersköterska {id}",
    "who.substitute": "Vikarie {id}",
    "who.client": "Brukare {id}",
    "task.morning_help": "morgonhjälp",
    "task.midday_help": "middagshjälp",
    "task.evening_help": "kvällshjälp",
    "task.safety_check": "tillsyn",
    "task.night_help": "nattinsats",
    "task.shower": "dusch",
    "task.shopping": "inköp",
    "task.cleaning": "städning",
    "task.laundry": "tvätt",
    "task.walk": "promenad",
    "task.bed_making": "bäddning",
    "task.dishes_waste": "disk och sophantering",
    "task.self_care_support": "stöd i egenvård",
    "task.medication": "läkemedelsöverlämning",
    "task.meal": "måltid",
    "task.insulin": "insulin",
    "slot.morning": "morgon",
    "slot.late_morning": "förmiddags",
    "slot.midday": "lunch",
    "slot.afternoon": "eftermiddags",
    "slot.service": "service",
    "slot.dinner": "middags",
    "slot.evening": "kvälls",
    "slot.bedtime": "läggnings",
    "level.low": "låg",
    "level.medium": "medel",
    "level.high": "hög",
    "level.very_high": "mycket hög",
    "mode.walk": "till fots",
    "mode.bike": "med cykel",
    "mode.car": "med bil",
    "weekday.0": "måndag",
    "weekday.1": "tisdag",
    "weekday.2": "onsdag",
    "weekday.3": "torsdag",
    "weekday.4": "fredag",
    "weekday.5": "lördag",
    "weekday.6": "söndag",
    "month.1": "januari",
    "month.2": "februari",
    "month.3": "mars",
    "month.4": "april",
    "month.5": "maj",
    "month.6": "juni",
    "month.7": "juli",
    "month.8": "augusti",
    "month.9": "september",
    "month.10": "oktober",
    "month.11": "november",
    "month.12": "december",
    "trace.date": "{weekday} {d} {month} {y} (dag {day})",
    "trace.day_only": "dag {day}",
    # ---- undervisning: den berättade dagen ---------------------------------------------------
    "trace.cg_title": "{model}: {who}, {date}.",
    "trace.cg_shift": "Arbetspass {start}–{end}, tar sig fram {mode}.",
    "trace.cl_title": "{model}: {who}, {date}.",
    "trace.cl_level": "Omsorgsnivå: {level}.",
    "trace.meeting": "Teammöte ({d}).",
    "trace.travel.walk": "Går till {dest} ({d}).",
    "trace.travel.bike": "Cyklar till {dest} ({d}).",
    "trace.travel.car": "Kör till {dest} ({d}).",
    "trace.travel.other": "Tar sig till {dest} ({d}).",
    "trace.office": "kontoret",
    "trace.home.walk": "Går hem ({d}).",
    "trace.home.bike": "Cyklar hem ({d}).",
    "trace.home.car": "Kör hem ({d}).",
    "trace.home.other": "Tar sig hem ({d}).",
    "trace.somewhere": "nästa brukare",
    "trace.wait": "Tidigt hos {client}: väntar på att besöksfönstret öppnar {opens} ({d}).",
    "trace.wait_planned": "Tidigt hos {client}: väntar till den planerade starten {at} ({d}).",
    "trace.unit_visit": "besök {visit}",
    "trace.cl_missed_unit": "Besök {visit} blir inte av: ingen kommer.",
    "trace.handover_out_unit": (
        "Ligger efter: lämnar över besök {visit} hos {client} (planerat {planned}) till {who}."
    ),
    "trace.handover_in_unit": (
        "Tar över besök {visit} hos {client} (planerat {planned}) från {who}, som ligger efter."
    ),
    "trace.wait_partner": "Väntar på en kollega: ett dubbelbemannat besök börjar när båda är på plats ({d}).",
    "trace.care": "{tasks} hos {client}: beviljad tid {allotted} min, behov {need}, stannade {delivered}",
    "trace.slot_visit": "{slot}besöket",
    "trace.together": " tillsammans med {who}",
    "trace.over": " ({x} min utöver den beviljade tiden)",
    "trace.short": " — förkortat med {x} min {why}",
    "trace.because_behind": "eftersom hen låg {x} min efter schemat",
    "trace.allotted_ran_out": "när den beviljade tiden tog slut",
    "trace.keep_schedule": "för att hålla schemat",
    "trace.cap_reached": "vid taket för hur mycket ett besök får dra över",
    "trace.familiarity": "Att inte känna brukaren väl kostade {x} min av behovet.",
    "trace.late": "Började {x} min efter senast utlovade starttid ({promised}).",
    "trace.taken_over": "(Övertaget från {who}.)",
    "trace.contact": "Brukarens kontaktperson var där.",
    "trace.logging": "Registrerar besöket i mobilen ({d}).",
    "trace.break": "Måltidsrast ({d}).",
    "trace.missed_break": "Hoppar över måltidsrasten: ligger för långt efter schemat.",
    "trace.alarm": (
        "Trygghetslarm från {client}, larmade {call}: är på plats efter {resp} min och stannar {d}."
    ),
    "trace.alarm_plain": "Trygghetslarm hos {client} ({d}).",
    "trace.idle": "På kontoret, ledig att hjälpa teamet eller ta larm ({d}).",
    "trace.idle_end": "Tillbaka på kontoret utan fler uppgifter; väntar på att passet tar slut ({d}).",
    "trace.idle_home": "Hemma, ledig att hjälpa teamet eller ta larm ({d}).",
    "trace.idle_end_home": "Hemma igen utan fler uppgifter; väntar på att passet tar slut ({d}).",
    "trace.handover_out": (
        "Ligger efter: lämnar över {slot}besöket hos {client} (planerat {planned}) till {who}."
    ),
    "trace.handover_in": (
        "Tar över {slot}besöket hos {client} (planerat {planned}) från {who}, som ligger efter."
    ),
    "trace.end": "Passet slutar.",
    "trace.end_ot": "Passet slutar, {x} min övertid.",
    "trace.summary": (
        "Betald tid {paid}: hos brukare {care}, förflyttning {travel}, registrering {admin}, möten "
        "{meeting}, raster {brk}, väntan eller utan uppgift {idle}. {visits} besök, varav {rushed} "
        "stressade."
    ),
    "trace.cl_visit": "{who} kommer:",
    "trace.cl_missed": "{slot}besöket ({tasks}) blir inte av: ingen kommer.",
    "trace.cl_alarm": "Larmar med trygghetslarmet; {who} är på plats efter {resp} min och stannar {d} min.",
    "trace.cl_alarm_none": "Larmar med trygghetslarmet; ingen hinner komma innan dagen är slut.",
    "trace.alarm_unit": "larmgruppen",
    "trace.cl_summary": "Mötte {n} olika personal i dag: {who}. Ej tillgodosett behov i dag: {unmet} min.",
    "trace.defaults": "Inte angivet, så valt: {what}.",
    "trace.default.replication": "körning {x}",
    "trace.default.day": "dag {x} (mätperiodens dag med flest besök)",
    "trace.default.caregiver": "undersköterska {x} (flest besök den dagen)",
    "trace.default.caregiver_match": "undersköterska {x} (delar flest brukare med den andra modellens)",
    "trace.default.client": "brukare {x} (flest besök den dagen)",
    "kind.meeting": "Teammöte",
    "kind.travel": "Förflyttning",
    "kind.wait": "Väntar på besöksfönstret",
    "kind.wait_partner": "Väntar på kollega",
    "kind.care": "Insats inom beviljad tid",
    "kind.overrun": "Insats utöver beviljad tid",
    "kind.cut": "Behövd tid som inte gavs",
    "kind.logging": "Registrering",
    "kind.break": "Rast",
    "kind.alarm": "Trygghetslarm",
    "kind.idle": "Utan uppgift",
    "kind.missed_break": "Utebliven rast",
    "kind.handover_out": "Besök lämnat till kollega",
    "kind.handover_in": "Besök övertaget",
    "gantt.title": "En dag i arbetet: {date}",
    # ---- rapporten -----------------------------------------------------------------------------
    "report.title_run": "Minutstyrd eller tillitsbaserad hemtjänst? En simuleringsrapport",
    "report.subtitle": "Scenario ”{scenario}” · rapporten skriven {date}",
    "report.between": "(mellan {lo} och {hi})",
    "report.assumption": "antagande",
    "report.short.h": "Sammanfattning",
    "report.short.setup": (
        "De två sätten att bedriva hemtjänst, {a} och {b}, simulerades sida vid sida i samma kommun med "
        "{clients} brukare, under {days} dagar, {reps} gånger med olika slumpdragningar (båda modellerna "
        "fick samma dragningar varje gång)."
    ),
    "report.short.count": (
        "Av {n} nyckeltal var {better} klart bättre och {worse} klart sämre med {b}; {different} ändrades "
        "utan att det ena är bättre än det andra, och för {unclear} kan simuleringen inte skilja "
        "modellerna åt."
    ),
    "report.short.better": "Klart bättre med {b}: {items}.",
    "report.short.worse": "Klart sämre med {b}: {items}.",
    "report.short.cost": "Kostnad per brukare och månad med {b}: {diff} — en säker skillnad.",
    "report.short.cost_unclear": "Kostnad per brukare och månad med {b}: {diff} — ingen säker skillnad.",
    "report.compared.h": "Vad som jämfördes",
    "report.col.what": "",
    "report.col.value": "Värde",
    "report.col.measure": "Nyckeltal",
    "report.col.diff": "Skillnad {b} − {a}",
    "report.col.verdict": "Bedömning",
    "report.col.parameter": "Parameter",
    "report.col.unit": "Enhet",
    "report.col.meaning": "Betydelse",
    "report.col.source": "Källa",
    "report.setup.scenario": "Scenario",
    "report.setup.districts": "Hemtjänstområden",
    "report.setup.clients": "Brukare",
    "report.setup.staff": "Omsorgspersonal",
    "report.setup.staff_value": "omkring {n} tjänster i schemat (samma i båda modellerna)",
    "report.setup.days": "Mätperiod",
    "report.setup.days_value": "{days} dagar ({start} till {end})",
    "report.setup.warmup": "Uppvärmning",
    "report.setup.warmup_value": (
        "{days} dagar simuleras före mätningen, så att båda modellerna hunnit stabiliseras"
    ),
    "report.setup.reps": "Körningar",
    "report.setup.reps_value": "{n}, var och en med egna brukare, behov, larm och frånvaro",
    "report.setup.seed": "Slumpfrö",
    "report.noevents": (
        "Körningen sparade inte sina händelsetabeller, så diagrammen som bygger på dem saknas."
    ),
    "report.findings.h": "Viktigaste resultaten",
    "report.findings.intro": (
        "Varje tal är ett medelvärde över körningarna. ”Mellan X och Y” är 95 % konfidensintervall: det "
        "spann som körningarna stöder. En skillnad kallas säker bara när hela intervallet ligger på ena "
        "sidan om noll; när intervallet innehåller noll kan simuleringen inte skilja modellerna åt på det "
        "måttet."
    ),
    "finding.clear": "{vb} med {b} mot {va} med {a}: en skillnad på {diff} {lo_hi}, {verdict}.",
    "finding.unclear": (
        "{vb} med {b} mot {va} med {a}. Skillnaden, {diff} {lo_hi}, är inte säker: intervallet innehåller "
        "noll."
    ),
    "finding.noci": "{vb} med {b} mot {va} med {a}: {diff}. En enda körning ger inget osäkerhetsintervall.",
    "finding.same": "{vb} i båda modellerna, i varje körning: ingen skillnad.",
    "finding.missing": "Kunde inte mätas i den här körningen.",
    "finding.missing_continuity": "Måttet kräver en mätperiod på minst 14 dagar.",
    "finding.verdict.better": "bättre med {b}",
    "finding.verdict.worse": "sämre med {b}",
    "finding.verdict.different": "en säker förändring, varken bättre eller sämre i sig",
    "report.fig.headline": (
        "Varje nyckeltal: modellernas medelvärden med 95 % intervall (vänster) och den parvisa skillnaden "
        "med intervall (höger). En skillnad vars intervall inte når nollinjen är säker."
    ),
    "report.fig.differences": "Alla skillnader i procent av värdet för {a}, märkta efter bedömning.",
    "report.figures.h": "Diagram",
    "report.drivers.h": "Vad som driver resultaten",
    "report.drivers.intro": (
        "Simuleringen kopplar ihop några mekanismer. Talen nedan kommer från samma körningar och visar "
        "hur starkt var och en verkade i det här scenariot (medel över körningarna, bara mätperioden)."
    ),
    "drivers.continuity.h": "Personalkontinuitet, förtrogenhet och tiden ett besök kräver",
    "drivers.continuity": (
        "En brukare mötte {sa} olika personal på 14 dagar med {a} och {sb} med {b} (riksgenomsnitt 2021: "
        "14,9). Kontaktpersonen gjorde {ca} av besöken med {a} och {cb} med {b}. Den som knappt känner "
        "brukaren behöver extra tid — läsa anteckningar, leta efter saker, bygga förtroende: i genomsnitt "
        "{fa} per besök med {a} och {fb} med {b}, eller {pa} respektive {pb} av all tid som behövdes."
    ),
    "drivers.allotted.h": "Beviljad tid mot behövd tid, och stress i besöken",
    "drivers.allotted": (
        "Den planerade tiden för besöken täckte {ra} av det verkliga behovet med {a} och {rb} med {b}. "
        "Den som ligger efter kortar besöken: {rsa} av besöken var stressade med {a} och {rsb} med {b}, "
        "vilket lämnade {ua} respektive {ub} ej tillgodosett behov per brukare och vecka."
    ),
    "drivers.overtime.h": "Övertid, raster och hjälp från kollegor",
    "drivers.overtime": (
        "Övertiden var i genomsnitt {oa} per pass med {a} och {ob} med {b}; {ma} respektive {mb} av "
        "passen förlorade måltidsrasten. {ha} av besöken med {a} och {hb} med {b} lämnades över till en "
        "kollega med tid över."
    ),
    "drivers.stress.h": "Stress, sjukfrånvaro och vikarier",
    "drivers.stress": (
        "Det dagliga belastningsindexet (övertid, stressade besök, förseningar, uteblivna raster, mer "
        "arbete än planerat, många olika brukare) var i genomsnitt {ta} med {a} och {tb} med {b}. "
        "Belastningen byggs upp till stress, som ökar risken att bli sjuk: {sa} av de schemalagda passen "
        "förlorades genom sjukfrånvaro med {a} och {sb} med {b}. Timavlönade vikarier, som inte känner "
        "någon brukare, arbetade {pa} respektive {pb} av passen."
    ),
    "drivers.time.h": "Hur den betalda tiden används",
    "drivers.time": (
        "Brukartiden var {ca} av den betalda tiden med {a} och {cb} med {b}; förflyttning {ta} respektive "
        "{tb}; registrering av besök {la} respektive {lb}; teammöten {ma} respektive {mb}; väntan eller "
        "utan uppgift {ia} respektive {ib}."
    ),
    "drivers.cost.h": "Vad pengarna går till",
    "drivers.cost": "Kostnaden per brukare och månad var {ta} med {a} och {tb} med {b}.",
    "drivers.cost.items": "De poster som skiljer mest ({b_minus_a}): {items}.",
    "drivers.cost.item": "{comp} {diff}",
    "drivers.cost.same": "Ingen post skiljer sig.",
    "report.fig.continuity": (
        "Hur många olika personal varje brukare mötte under måttets fönster, alla körningar tillsammans; "
        "streckade linjer är modellernas medelvärden, den prickade linjen riksgenomsnittet."
    ),
    "report.fig.time_use": "Andelar av den betalda tiden, mätperioden, medel över körningarna.",
    "report.fig.stress": (
        "Vecka för vecka (grått: uppvärmning, mäts inte): belastning per pass, personalens stressnivå och "
        "andelen schemalagda pass som förlorades genom sjukdom; banden är 95 % intervall över "
        "körningarna."
    ),
    "report.fig.costs": "Kostnad per brukare och månad per post (vänster) och varje posts skillnad (höger).",
    "report.day.h": "En dag i arbetet",
    "report.day.intro": (
        "Samma dag i båda modellerna, för en undersköterska i varje, vald så att de delar så många "
        "brukare som möjligt. Siffrorna på insatserna är brukarnas nummer. Kommandot python -m sim.trace "
        "berättar en sådan dag minut för minut."
    ),
    "report.fig.day_in_life": (
        "Varje stapel är en del av den betalda tiden. Randigt grönt: insats utöver beviljad tid; randig "
        "ram under: tid brukaren behövde men inte fick; trianglar: besök som lämnats över eller tagits "
        "över; streckade linjer: det schemalagda passet; grått efter det: övertid."
    ),
    "report.assumptions.h": "Antaganden",
    "report.assumptions.intro": (
        "En simulering är aldrig bättre än sina antaganden. De viktigaste står här med sina källor; de "
        "som är märkta antagande har ingen publicerad siffra bakom sig och är värda att variera i en "
        "svepkörning. Källhänvisningarna står på engelska, som i programmets dokumentation "
        "(docs/parameters.md, där alla parametrar finns)."
    ),
    "report.assumptions.scenario": "Kommunen (densamma för båda modellerna)",
    "report.assumptions.models": "Hur modellerna skiljer sig",
    "report.caveats.h": "Vad rapporten inte kan säga",
    "caveat.model": (
        "Det här är en modell, inte en prognos: den visar vad som följer av antagandena ovan i en "
        "simulerad kommun. Hur stor varje effekt blir beror på dem."
    ),
    "caveat.crn": (
        "Båda modellerna fick exakt samma brukare, behov, restider och grundfrånvaro (gemensamma "
        "slumptal), så skillnaderna beror på modellerna och inte på slumpen."
    ),
    "caveat.assumed": (
        "Flera samband — hur mycket extra tid en okänd undersköterska behöver, hur belastning leder till "
        "sjukfrånvaro och personalomsättning — är antaganden (märkta ovan). Variera dem för att se om "
        "slutsatsen håller."
    ),
    "caveat.not_modelled": (
        "Ingår inte: hemsjukvård och sjuksköterskor, nattpatrull utöver larmgruppen, brukarnas egen "
        "upplevelse och kvalitet utöver utförda minuter, kostnaden för själva omställningen (utbildning, "
        "IT, ledningens tid) samt effekter på löner och arbetsmarknad."
    ),
    "caveat.period": (
        "Mätperioden är {days} dagar. Långsamma effekter — personalomsättning, omprövade beslut, att "
        "förtrogenheten byggs upp — syns fullt ut bara i längre körningar."
    ),
    "caveat.reps": "Med bara {n} körningar är intervallen breda: kör fler för säkrare slutsatser.",
    "report.footer": "Skriven av hemtjanst-sim {version} (commit {commit}) den {date}.",
    "report.reproduce": "Bygg om rapporten:",
    # ---- parametrar i klartext (rapportens tabeller över antaganden) ---------------------------
    "param.scenario.districts.*.n_clients": "brukare i hemtjänstområdet",
    "param.scenario.districts.*.geography.kind": "typ av område",
    "param.scenario.districts.*.geography.radius_km": "områdets radie runt kontoret",
    "param.scenario.clients.need.need_to_standard_ratio": (
        "typiskt verkligt behov för en insats jämfört med schablontiden"
    ),
    "param.scenario.clients.need.client_factor_sigma": (
        "hur mycket brukarna skiljer sig i behövd tid (spridning)"
    ),
    "param.scenario.clients.need.day_factor_sigma": (
        "hur mycket ett besöks behov varierar från dag till dag (spridning)"
    ),
    "param.scenario.clients.need.familiarity_extra_share": (
        "extra tid för en undersköterska som aldrig träffat brukaren"
    ),
    "param.scenario.clients.need.familiarity_halflife_visits": (
        "antal besök tills den extra tiden har halverats"
    ),
    "param.scenario.staffing.planned_utilisation_target": (
        "andel av passet som planerarna fyller med besök och resor"
    ),
    "param.scenario.staffing.capacity_factor": "bemanning i förhållande till den automatiskt beräknade",
    "param.scenario.staffing.substitute_fill_probability": "chans att en frånvaro ersätts med vikarie",
    "param.scenario.stress.sick_start_probability": "daglig risk att en ostressad undersköterska blir sjuk",
    "param.scenario.stress.absence_stress_elasticity": "hur mycket stress ökar risken att bli sjuk",
    "param.scenario.stress.turnover_per_year": "andel ostressad personal som slutar under ett år",
    "param.scenario.stress.turnover_stress_elasticity": "hur mycket stress ökar risken att sluta",
    "param.scenario.alarms.guarantee_min": "utlovad insatstid vid trygghetslarm",
    "param.scenario.costs.monthly_wage_sek": "månadslön för en undersköterska",
    "param.scenario.costs.employer_contribution_rate": "arbetsgivaravgifter utöver lönen",
    "param.scenario.costs.substitute_wage_premium": "merkostnad för en timavlönad vikarie",
    "param.scenario.costs.recruitment_cost_sek": "kostnad för att rekrytera en ersättare",
    "param.model.organisation.unit": "en personalgrupp för hela området, eller små team",
    "param.model.organisation.team_size": "undersköterskor per team",
    "param.model.planning.allotment": "tid per besök: schablontiden, eller teamets bedömning av behovet",
    "param.model.planning.strategy": "grundschema som justeras, eller ny planering varje dag",
    "param.model.planning.continuity_weight_min": "vikt i planeringen för personal som känner brukaren",
    "param.model.planning.contact_person_bonus_min": "extra vikt i planeringen för brukarens kontaktperson",
    "param.model.planning.buffer_share": "andel av varje pass som lämnas oplanerad för det oväntade",
    "param.model.execution.stay_for": "stanna den beviljade tiden, eller efter det verkliga behovet",
    "param.model.execution.overrun_share": "hur mycket ett besök får dra över den beviljade tiden",
    "param.model.execution.use_slack": "stanna kvar in i ledig tid före nästa besök",
    "param.model.execution.cut_when_behind": "korta besök för att komma i fas när man ligger efter",
    "param.model.execution.skip_break_when_behind_min": "försening då måltidsrasten hoppas över",
    "param.model.execution.mutual_help": "kollegor med tid över tar över besök",
    "param.model.execution.help_threshold_min": "väntad försening då besök lämnas över",
    "param.model.execution.alarm_rule": "vem tar larm dagtid: först på plats, eller en i teamet i tid",
    "param.model.execution.alarms_answered_by": "vem som tar trygghetslarm dagtid",
    "param.model.overheads.logging_min_per_visit": "tid för att registrera varje besök i mobilen",
    "param.model.overheads.daily_meeting_min": "dagligt teammöte",
    "param.model.overheads.planners_per_caregiver": "centrala planerare per undersköterska",
    "param.model.overheads.team_leader_fte_per_team": "teamledartid per team (heltidstjänster)",
    "param.model.overheads.logging_system": "betalar för ett system för registrering av besök",
    "param.model.reassessment.enabled": "beslut omprövas utifrån registrerad tid",
    "param.model.payment_basis": "vad utföraren får ersättning för",
    # ---- svepkörningens rapport -------------------------------------------------------------------
    "report.title_sweep": "Hur jämförelsen beror på {keys}",
    "sweep.short.setup": (
        "Jämförelsen mellan {a} och {b} gjordes vid {n} inställningar av {keys}, med {reps} körningar vid "
        "varje inställning."
    ),
    "sweep.all": "{label}: {verdict} vid alla {n} inställningar.",
    "sweep.none": "{label}: ingen säker skillnad vid någon av de {n} inställningarna.",
    "sweep.mixed": "{label}: {parts}.",
    "sweep.part": "{verdict} vid {values}",
    "sweep.flips": "Slutsatsen vänder med den här parametern.",
    "sweep.varied.h": "Vad som varierades",
    "sweep.varied.intro": "Varje inställning är en fullständig jämförelse sida vid sida med egna körningar.",
    "sweep.matrix.h": "Skillnaden vid varje inställning",
    "sweep.matrix.intro": (
        "Varje cell är {b} − {a} med 95 % intervall: grönt klart bättre, lila klart sämre, grått ingen "
        "säker skillnad."
    ),
    "sweep.metrics.h": "Varje nyckeltal per modell",
    "report.fig.sweep_differences": (
        "{b} − {a} mot den varierade parametern, med 95 % band; där bandet täcker noll är skillnaden inte "
        "säker."
    ),
    "report.fig.sweep_metric": "{label} för varje modell vid varje inställning; banden är 95 % intervall.",
    "caveat.sweep": (
        "Bara de inställningar som körts är kända; parametrar som inte varierades ligger kvar på "
        "scenariots värden."
    ),
    "transition.title": "Bytet månad för månad: {district}",
    "transition.arm.stay": "Fortsatt minutstyrning",
    "transition.arm.phased": "Stegvis övergång (planen)",
    "transition.arm.switched": "Tillitsbaserat från första dagen",
    "transition.switch": "ett område går över",
    "transition.metric.cost_sek": "Kostnad per månad (mnkr)",
    "transition.metric.overtime_hours": "Övertidstimmar per månad",
    "transition.metric.unmet_hours": "Ej tillgodosett behov, timmar per månad",
    "transition.metric.paid_hours": "Betalda timmar per månad",
    "transition.metric.care_hours": "Omsorgstimmar per månad",
    "transition.month": "Månad",
    "transition.municipality": "kommunen",
    "transition.msek": "mnkr",
    "transition.report.title": "Övergången från minutstyrd till tillitsbaserad hemtjänst",
    "transition.short.plan": (
        "Enligt planen går områdena över till tillitsbaserad hemtjänst från {first} till {last} "
        "({n} totalt), vart och ett med ungefär {weeks} veckors inlärning."
    ),
    "transition.short.cost": (
        "Själva bytet — utbildningstid utanför arbetet hos brukarna och den gamla modellens "
        "kostnader som löper vidare — kostar {lo} till {hi} (medel {mean}, 95 % KI) under de "
        "första {months} månaderna efter varje områdes byte, utöver vad tillitsbaserad hemtjänst "
        "kostar när den väl är på plats."
    ),
    "transition.short.cost_one": (
        "Själva bytet — utbildningstid utanför arbetet hos brukarna och den gamla modellens "
        "kostnader som löper vidare — kostar omkring {mean} under de första {months} månaderna "
        "efter varje områdes byte, utöver vad tillitsbaserad hemtjänst kostar när den väl är på "
        "plats (en replikering: inget intervall)."
    ),
    "transition.short.payback": (
        "Jämfört med att behålla minutstyrningen har planen betalat sig senast {when} i varje "
        "replikering: därefter ligger den samlade kostnaden på eller under den."
    ),
    "transition.short.no_payback": (
        "Planen har inte betalat sig inom de simulerade månaderna i alla replikeringar ({share} % "
        "betalar sig): vid slutet har den kostat {mean} mer än att behålla minutstyrningen "
        "(95 % KI {lo} till {hi}; negativt betyder mindre)."
    ),
    "transition.short.end": (
        "Tabellen nedan jämför alternativen i {month}, den sista hela simulerade månaden."
    ),
    "transition.plan.h": "Planen",
    "transition.plan.intro": (
        "Den dag då varje område går över. En inlärningsperiod följer: tid för utbildning utanför "
        "arbetet hos brukarna, och i början längre besök, högre belastning och grövre bedömningar av "
        "behoven i teamen, som avtar enligt en inlärningskurva (antagandena nedan)."
    ),
    "transition.col.district": "Område",
    "transition.col.month": "Går över",
    "transition.col.diff": "Planen − fortsatt minutstyrning [95 % KI]",
    "transition.not_in_run": "efter de simulerade månaderna",
    "transition.months.h": "Månad för månad",
    "transition.months.intro": (
        "Tre alternativ i samma simulerade kommun, med samma brukare, behov, frånvaro och larm: "
        "fortsatt minutstyrning, planen och tillitsbaserat från första dagen."
    ),
    "transition.fig.caption": (
        "Kommunen månad för månad; banden är 95 % konfidensintervall över replikeringarna, de "
        "streckade linjerna månader då områden går över. Ofullständiga första och sista månader "
        "visar lägre summor."
    ),
    "transition.end.h": "Var planen lämnar kommunen ({month})",
    "transition.end.intro": "Kommunens medelvärden över replikeringarna den sista hela månaden.",
    "transition.assumptions.intro": (
        "Vad bytet antas kosta; varje värde är ett antagande med ett intervall för "
        "känslighetsanalysen om ingen källa anges."
    ),
    "transition.caveat.reps": (
        "{n} replikeringar: konfidensintervallen är breda med få; kör fler inför ett beslut."
    ),
    "transition.caveat.months": (
        "Inlärningsperioden, utbildningstiden, kostnaderna som löper vidare och engångskostnaderna "
        "är antaganden; "
        "områdets egna uppsägningstider och avtal bör ersätta dem."
    ),
    # lika budget (issue 12)
    "eb.plot.band": "inom toleransen",
    "eb.plot.x": "Bemanning (kapacitetsfaktor, 1 = som scenariot dimensionerar den)",
    "eb.plot.y": "Avstånd till målet (%)",
    "eb.plot.title": "Sökningen efter lika budget: varje prövad bemanning",
    "eb.plot.caption": (
        "Varje punkt är en bemanningsnivå, upprepad med gemensamma slumptal; strecken är 95-procentigt "
        "intervall för det parade avståndet, siffrorna i vilken ordning nivåerna prövades, ringen den "
        "valda nivån; det grå bandet är toleransen."
    ),
    "eb.cost.title": "Till samma kostnad: vad {model} ger för de pengar {ref} kostar",
    "eb.quality.title": "Till samma kvalitet: vad varje modell behöver för att nå samma kvalitet",
    "eb.cost.converged": (
        "{model} kostar lika mycket per brukare och månad som {ref} med {factor} gånger personalen "
        "(avstånd {gap}, 95-procentigt intervall {lo} till {hi}; {n} bemanningsnivåer prövade)."
    ),
    "eb.cost.no_level_within_tolerance": (
        "Ingen bemanning av {model} kom inom ±{tol} % av kostnaden för {ref} efter {n} nivåer: personal "
        "anställs i hela tjänster. Den närmaste, {factor} gånger personalen, lämnar ett avstånd på {gap}; "
        "jämförelsen nedan är inte till samma kostnad."
    ),
    "eb.cost.not_in_bracket": (
        "Ingen bemanning av {model} mellan {lo_end} och {hi_end} gånger personalen kostar vad {ref} "
        "kostar (den närmaste lämnar ett avstånd på {gap}); vidga equal_budget.bracket."
    ),
    "eb.quality.converged": (
        "{model} når {metric} på {target} med {factor} gånger personalen "
        "(avstånd {gap}, 95-procentigt intervall {lo} till {hi}; {n} bemanningsnivåer prövade)."
    ),
    "eb.quality.no_level_within_tolerance": (
        "Ingen bemanning av {model} kom inom ±{tol} % av {metric} {target} efter {n} nivåer; den "
        "närmaste, {factor} gånger personalen, lämnar ett avstånd på {gap}."
    ),
    "eb.quality.not_in_bracket": (
        "Ingen bemanning av {model} mellan {lo_end} och {hi_end} gånger personalen når {metric} på "
        "{target} (den närmaste lämnar ett avstånd på {gap}); vidga equal_budget.bracket."
    ),
    "eb.cost.then": "Till den kostnaden, {model} jämfört med {ref}:",
    "eb.quality.then": "Till den kvaliteten, {model} jämfört med {ref}:",
    "eb.search.h": "Sökningen",
    "eb.search.intro": (
        "En rotsökare (Brents metod) prövar bemanningsnivåer tills det parade medelavståndet ligger "
        "inom ±{tol} % av målet. Varje nivå körs med samma upprepningar, så avståndet mäts på samma "
        "brukare, behov och frånvaro."
    ),
    "eb.col.model": "Modell",
    "eb.col.evaluation": "Försök",
    "eb.col.factor": "Bemanning (×)",
    "eb.col.value": "Värde",
    "eb.col.gap": "Avstånd",
    "eb.col.ci": "95-procentigt intervall för avståndet",
    "eb.col.chosen": "Vald",
    "eb.cost.delivers.h": "Vad varje modell ger till samma kostnad",
    "eb.cost.delivers.intro": (
        "Referensmodellen med sin egen bemanning mot den sökta modellen med den funna bemanningen; "
        "skillnaderna är parade per upprepning."
    ),
    "eb.quality.delivers.h": "Vad varje modell kostar och ger till samma kvalitet",
    "eb.quality.delivers.intro": (
        "Varje modell med den bemanning som når kvalitetsmålet; skillnaderna är parade per upprepning."
    ),
    "eb.caveat.steps": (
        "Personal anställs i hela tjänster, så kostnaden ändras i steg med bemanningen; toleransen nås "
        "av närmaste steg, inte av en exakt rot."
    ),
    "eb.caveat.same_rule": (
        "Extra personal dimensioneras med samma regel som scenariots (samma pass, anställningsformer och "
        "kompetenser); en kommun kan använda pengarna på annat sätt."
    ),
    "eb.caveat.reps": "{n} upprepningar per bemanningsnivå; fler ger smalare intervall.",
    "eb.wide_ci": "Intervallet är bredare än ±{tol} %: fler upprepningar skulle ringa in nivån.",
    # känslighetsanalys (issue 12)
    "sa.title": "Hur säkert är resultatet? Vilka antaganden avgör det",
    "sa.and": " och ",
    "sa.word.higher": "högre",
    "sa.word.lower": "lägre",
    "sa.short.setup": (
        "{k} osäkra antaganden varierades tillsammans över sina dokumenterade intervall: {n} "
        "parameteruppsättningar ({morris} för att sålla, {sobol} för att mäta de få som betyder något), "
        "var och en simulerad med {reps} upprepningar om {days} dagar på samma brukare och behov."
    ),
    "sa.short.robust.higher": (
        "Robust: {metric} är högre med {b} än med {a} i {share} % av de {n} parameteruppsättningarna "
        "(90 % av skillnaderna mellan {q05} och {q95})."
    ),
    "sa.short.robust.lower": (
        "Robust: {metric} är lägre med {b} än med {a} i {share} % av de {n} parameteruppsättningarna "
        "(90 % av skillnaderna mellan {q05} och {q95})."
    ),
    "sa.short.mixed.higher": (
        "Inte robust: {metric} är högre med {b} än med {a} i bara {share} % av de {n} "
        "parameteruppsättningarna (90 % av skillnaderna mellan {q05} och {q95})."
    ),
    "sa.short.mixed.lower": (
        "Inte robust: {metric} är lägre med {b} än med {a} i bara {share} % av de {n} "
        "parameteruppsättningarna (90 % av skillnaderna mellan {q05} och {q95})."
    ),
    "sa.short.drivers": "Skillnaden beror mest på {items}.",
    "sa.short.flip.above": "Den vänder ({b} blir {now}) om {factor} överstiger {value}.",
    "sa.short.flip.below": "Den vänder ({b} blir {now}) om {factor} understiger {value}.",
    "sa.short.no_flip": "Inget enskilt antagande vänder den någonstans inom sitt intervall.",
    "sa.fig.title": "Vad som driver skillnaden i {metric}",
    "sa.fig.x_sobol": "Andel av skillnadens varians (Sobolindex, 95 % KI)",
    "sa.fig.x_morris": "Effekt över intervallet (Morris μ*, 95 % KI)",
    "sa.fig.caption": (
        "Längre staplar betyder mer. Totalindex räknar ett antagandes effekt med alla samspel; "
        "förstaordningsindex dess effekt ensam."
    ),
    "sa.col.factor": "Antagande",
    "sa.col.mu_star": "Morris μ* [95 % KI]",
    "sa.col.s1": "Sobol första ordningen [95 % KI]",
    "sa.col.st": "Sobol totalt [95 % KI]",
    "sa.col.range": "Intervall",
    "sa.col.baseline": "Standardvärde",
    "sa.col.kept": "Mätt med Sobol",
    "sa.col.source": "Källa för intervallet",
    "sa.factors.h": "Antagandena som varierades",
    "sa.factors.intro": (
        "Varje intervall anges vid sin parameter (docs/parameters.md) utifrån spridningen i "
        "CALIBRATION.md eller som ett uttalat antagande."
    ),
    "sa.method.h": "Hur det beräknades",
    "sa.method.morris": (
        "Morris-sållning (SALib): banor som ändrar ett antagande i taget över intervallen; μ* är den "
        "genomsnittliga absoluta effekten av att flytta ett antagande över hela sitt intervall."
    ),
    "sa.method.sobol": (
        "Sobolindex (SALib, Saltelli-urval) för de antaganden som Morris fann betydelsefulla, övriga på "
        "standardvärdet; intervall med bootstrap."
    ),
    "sa.method.flips": (
        "Var resultatet vänder: medelskillnaden längs varje antagande (över alla uppsättningar) och var "
        "den korsar noll."
    ),
    "sa.caveat.ranges": (
        "Svaret är inte bättre än intervallen: ett antagande utanför sitt intervall, eller ett som inte "
        "varierades, kan fortfarande ändra resultatet."
    ),
    "sa.caveat.noise": (
        "Varje parameteruppsättning simulerades med {reps} upprepningar; det som återstår av simuleringens "
        "eget brus räknas som oförklarad varians, inte som något antagandes effekt."
    ),
    "sa.factor.scenario.clients.need.day_factor_sigma": "behovets variation från dag till dag",
    "sa.factor.scenario.clients.need.client_factor_sigma": "skillnaden i behov mellan brukare",
    "sa.factor.scenario.clients.need.need_to_standard_ratio": (
        "verkligt behov i förhållande till schablontiderna"
    ),
    "sa.factor.scenario.clients.need.extras_probability": "risken för ett oplanerat extra behov",
    "sa.factor.scenario.clients.need.familiarity_extra_share": "extra tid en okänd personal behöver",
    "sa.factor.scenario.clients.need.familiarity_halflife_visits": "besök tills en ny personal känner hemmet",
    "sa.factor.scenario.stress.absence_stress_elasticity": "hur starkt stress höjer sjukfrånvaron",
    "sa.factor.scenario.stress.turnover_stress_elasticity": "hur starkt stress höjer personalomsättningen",
    "sa.factor.scenario.stress.control_relief": "belastning som kontroll över arbetet tar bort",
    "sa.factor.scenario.stress.support_relief": "belastning som stöd från kollegor tar bort",
    "sa.factor.scenario.stress.weights.rushed_share": "belastningsvikt för stressade besök",
    "sa.factor.scenario.stress.weights.overtime_per_hour": "belastningsvikt för övertid",
    "sa.factor.scenario.stress.weights.unmet_per_hour": "belastningsvikt för omsorg som inte blev gjord",
    "sa.factor.scenario.stress.weights.behind_per_hour": "belastningsvikt för att ligga efter",
    "sa.factor.scenario.stress.weights.missed_break": "belastningsvikt för en missad rast",
    "sa.factor.scenario.stress.weights.excess_demand": "belastningsvikt för överskjutande krav",
    "sa.factor.scenario.stress.weights.per_distinct_client": "belastningsvikt per mött brukare",
    "sa.factor.scenario.stress.vacancy_days": "dagar tills en vakans tillsätts",
    "sa.factor.scenario.alarms.rate_multiplier": "trygghetslarmens frekvens",
    "sa.factor.scenario.staffing.substitute_fill_probability": "chansen att en vikarie täcker en frånvaro",
    "sa.factor.models.trust.planning.buffer_share": "de tillitsbaserade teamens buffert",
    "sa.factor.models.trust.planning.learning_rate": "hur snabbt teamen lär sig det verkliga behovet",
    "sa.factor.models.trust.planning.need_judgement_cv": "felet i teamens bedömning av behovet",
    "sa.short.none": (
        "Ingen skillnad i {metric} mellan {b} och {a} i de flesta av de {n} parameteruppsättningarna."
    ),
    "sa.run.h": "Över antagandenas intervall",
    "sa.run.none": (
        "Hur skillnaderna håller när de osäkra antagandena varierar över sina intervall bedömdes inte i "
        "den här rapporten: kör python -m sim -m +experiment=sensitivity och ange dess mapp som "
        "report.sensitivity."
    ),
    "sa.run.unreadable": "Känslighetsanalysen i {folder} kunde inte läsas.",
    "sa.run.other_scenario": (
        "Obs: känslighetsanalysen kördes på scenariot {scenario}, inte på {this}; den är bara vägledande."
    ),
    "sa.run.robust": (
        "{metric}: robust — {word} med {b} än med {a} i {share} % av känslighetsanalysens {n} "
        "parameteruppsättningar."
    ),
    "sa.run.mixed": (
        "{metric}: inte robust — {word} med {b} än med {a} i bara {share} % av känslighetsanalysens {n} "
        "parameteruppsättningar; resultatet beror på antagandena."
    ),
    # ---- en enhets egna data (issue 24): uppspelningen, planen på papperet, vad som importerades ----
    "model.own_plan.name": "Enhetens egen plan",
    "model.own_plan.phrase": "enhetens egen plan",
    "model.own_plan.plain": (
        "Ingen utförandemodell utan enhetens egen plan ur dess filer, uppspelad. Varje besök går till den "
        "medarbetare planen anger (eller den som täcker hens frånvaro), i planerad ordning och tidigast vid "
        "planerad start; ingen planerar om eller hjälper till. Beviljad tid, registrering och ersättning är "
        "som i minutstyrd hemtjänst. Den visar vad den simulerade verkligheten — verkliga behov, restider "
        "som varierar, frånvaro — gör med planen."
    ),
    "verdict.implausible": "orimlig siffra: kontrollera indata",
    "finding.missing_reason": "Mäts inte i den här körningen: {reason}.",
    "finding.implausible": (
        "{vb} med {b} mot {va} med {a}: en skillnad på {diff} {lo_hi}. En siffra här är orimlig (se "
        "varningen ovan), så simuleringen bedömer den inte: kontrollera indata först."
    ),
    "report.short.implausible": "Ingen bedömning, eftersom en siffra är orimlig (se varningarna): {items}.",
    "report.short.setup_unit": (
        "De två sätten att bedriva hemtjänst, {a} och {b}, simulerades sida vid sida med brukarna, "
        "besöken och personalen i {unit} ({clients} brukare), under {period}, {reps} gånger med olika "
        "slumpdragningar (båda modellerna fick samma dragningar varje gång)."
    ),
    "report.short.one_day": "en uppmätt dag",
    "report.short.days": "{days} uppmätta dagar",
    "report.short.replay": (
        "Enhetens egen plan spelades upp bredvid dem i samma simulerade verklighet: se avsnittet om er "
        "plan, på papperet och i simulerad verklighet."
    ),
    "report.setup.unit": "Enhet",
    "report.setup.staff_unit_value": "{n} tjänster: enhetens egen personal (samma i alla alternativ)",
    "report.setup.days_value_one": "1 dag ({start})",
    "report.setup.imported": "Importerat",
    "unit.from": "Från {dir}: {what}.",
    "unit.clients": "{n} brukare och deras hem",
    "unit.refusing": "{n} av dem avböjer någon medarbetare",
    "unit.visits_dated_one": "{n} besök på {days} daterad dag",
    "unit.visits_dated": "{n} besök på {days} daterade dagar",
    "unit.visits_pattern": "{n} återkommande besök (veckodagsmönster)",
    "unit.with": "med {what}",
    "unit.windows": "sina tidsfönster",
    "unit.granted": "beviljade minuter",
    "unit.planned_start": "planerade starttider",
    "unit.planned": "{n} med planerad medarbetare",
    "unit.double": "{n} dubbelbemannade",
    "unit.second_planned": "{n} med planerad andra medarbetare",
    "unit.linked": "{n} kopplade till ett tidigare besök",
    "unit.skill": "{n} som kräver en kompetens",
    "unit.caregivers": "{n} medarbetare med {hours} olika arbetstider",
    "unit.from_home": "{n} av dem börjar hemifrån",
    "unit.break_times": "fasta rasttider på {n} pass",
    "unit.their": "deras {what}",
    "unit.contracts": "anställningsgrad",
    "unit.skills": "kompetenser",
    "unit.modes": "färdsätt",
    "unit.travel": "restider {modes}",
    "unit.history": "en kontinuitetshistorik med {n} par",
    "unit.winter.all": "gäller: varje uppmätt datum ({dates}) ligger i winter_months",
    "unit.winter.none": "gäller inte: inget uppmätt datum ({dates}) ligger i winter_months",
    "unit.dates": "{first} till {last}",
    "unit.winter.some": "gäller {k} av de {n} uppmätta dagarna (de i winter_months)",
    "plaus.h": "Siffror att kontrollera innan de läses.",
    "plaus.intro": (
        "De här siffrorna ligger utanför sitt rimliga intervall (scenario.guards); ett resultat som bygger "
        "på dem bedöms inte, eftersom orsaken troligare finns i indata än i omsorgen."
    ),
    "plaus.overtime_min_per_shift": (
        "{model}: {value} övertid per pass är orimligt (mer än {limit}, {guard})."
    ),
    "plaus.late_visit_share": (
        "{model}: {value} av besöken börjar för sent, orimligt många (mer än {limit}, {guard})."
    ),
    "plaus.visits_per_caregiver_day": (
        "{model}: {value} besök per medarbetare och dag mot {paper} i enhetens plan (×{ratio}, utanför "
        "{guard} = {limit}): dagen fördelas inte mellan medarbetarna som enheten fördelar den."
    ),
    "plaus.cause_unit": (
        "Kontrollera enhetens filer: dess pass (finns någon i tjänst för varje besök?), besökens "
        "tidsfönster och restiderna (deras enhet)."
    ),
    "plaus.cause_generated": "Kontrollera bemanningen (capacity_factor) och inställningarna för behov.",
    "na.continuity_days": "kräver {w} uppmätta dagar; körningen mäter {days}",
    "na.continuity_pattern": (
        "ingen brukare har minst {n} besök ({hours}) varje dag i ett fönster på {w} dagar (en enhet som "
        "bara besöker vissa dagar har inga)"
    ),
    "na.rate": (
        "en andel över tid kräver {min} uppmätta dagar (scenario.metrics.min_days_for_rates); körningen "
        "mäter {days}"
    ),
    "na.no_plan": "kräver enhetens egen plan (data.dir med visits.planned_caregiver)",
    "na.no_alarm": "inget larm under de uppmätta dagarna",
    "report.plan.h": ("Er plan på papperet · er plan i simulerad verklighet · minutstyrd · tillitsbaserad"),
    "report.plan.intro": (
        "Första kolumnen är enhetens egen plan så som filerna ger den, beräknad utan simulering "
        "(plan_audit.csv): en enda plan, alltså inget intervall. De andra är medelvärden över körningarna "
        "med 95 % intervall: samma plan uppspelad i simulerad verklighet (verkliga behov, restider som "
        "varierar, frånvaro) och de två utförandemodellerna som planerar samma brukare och personal på sitt "
        "eget sätt."
    ),
    "report.plan.col.paper": "Er plan på papperet",
    "report.plan.counts.h": "Vad planen på papperet innehåller",
    "report.plan.short_transitions": (
        "{n} av planens {total} förflyttningar från ett besök till nästa ({share}) ger mindre tid än resan "
        "tar: på papperet är medarbetaren på två ställen samtidigt."
    ),
    "report.plan.short_transitions_none": (
        "Varje förflyttning från ett besök till nästa ger minst restiden."
    ),
    "report.plan.outside_shift": (
        "{n} planerade medarbetarbesök (ett dubbelbemannat besök räknas för var och en) ligger utanför "
        "alla pass för sin medarbetare."
    ),
    "report.plan.outside_shift_none": (
        "Varje planerat besök ligger inom ett pass för sin planerade medarbetare."
    ),
    "report.plan.unplanned": (
        "{n} besök saknar planerad medarbetare: de räknas inte med i siffrorna på papperet."
    ),
    "report.plan.unplanned_none": "Varje besök har en planerad medarbetare.",
    "report.plan.replay.h": "Vad simulerad verklighet gör med er plan",
    "replay.time": (
        "På papperet lägger planen {pc} av den betalda tiden hos brukarna och {pt} på resor. Uppspelad i "
        "simulerad verklighet blir det {sc} hos brukarna ({vc}) och {st} på resor ({vt})."
    ),
    "replay.overtime": (
        "På papperet slutar turerna i snitt {p} efter passen; uppspelad blir övertiden {s} per pass ({v})."
    ),
    "replay.late": (
        "På papperet är {p} av besöken planerade efter sitt tidsfönster; uppspelad börjar {s} för sent ({v})."
    ),
    "replay.kept_caregiver": (
        "{s} av besöken gjordes av den medarbetare planen anger ({p} på papperet; {v}); resten av den som "
        "täckte en frånvaro."
    ),
    "replay.kept_time": "{s} av besöken började inom sitt tidsfönster ({p} på papperet; {v}).",
    "replay.more": "mer än på papperet",
    "replay.less": "mindre än på papperet",
    "replay.same": "ingen säker skillnad mot papperet",
    "replay.implausible": "en orimlig siffra: kontrollera indata",
    "replay.noci": "en enda körning: inget intervall",
    "caveat.unit_plan": (
        "Enhetens filer ger dess plan, inte hur dagen verkligen blev: verkliga behov, restider och frånvaro "
        "simuleras kring planen, så uppspelningen visar vad planen möter i en simulerad verklighet, inte "
        "hur en verklig dag gick."
    ),
    "caveat.one_day": (
        "En uppmätt dag ({date}): kostnader per månad är uppräknade från den enda dagen, och andelar över "
        "tid — sjukfrånvaro, personalomsättning, frånvaro som kollegor täcker — mäts inte (de kräver minst "
        "{min} uppmätta dagar)."
    ),
    "caveat.short_period": (
        "Mätperioden är bara {days} dagar: kostnader per månad är uppräknade från den, och andelar över tid "
        "— sjukfrånvaro, personalomsättning, frånvaro som kollegor täcker — mäts inte (de kräver minst {min} "
        "uppmätta dagar)."
    ),
    "report.day.intro_unit": (
        "Samma dag i varje alternativ, för en medarbetare i varje, vald så att de delar så många brukare som "
        "möjligt. Insatserna visar brukarnas id där det får plats. Kommandot python -m sim.trace berättar "
        "en sådan dag minut för minut (--caregiver och --client tar enhetens egna id)."
    ),
    "report.assumptions.unit": (
        "Vad importen vilar på: hur den simulerade dagen avviker från filerna (samma för alla alternativ)"
    ),
    "param.scenario.clients.need.familiarity_memory_days": (
        "dagar under vilka bekantskapen med en brukare bleknar"
    ),
    "param.scenario.districts.*.geography.travel_noise_cv": (
        "hur mycket en resas tid varierar kring restidsmatrisen (spridning)"
    ),
    "param.scenario.districts.*.geography.winter_travel_factor": "så mycket längre tar resorna vintertid",
    "param.scenario.districts.*.geography.winter_months": "månader med vinterföre",
    "param.scenario.stress.sick_spell_mean_days": "genomsnittlig längd på en sjukperiod",
    "param.data.essential_share": (
        "andel av ett besöks behov som aldrig kortas (filerna namnger inga insatser)"
    ),
    "param.data.usual_caregiver_visits": (
        "tidigare besök som en kontinuitetsrad utan antal står för (en ordinarie medarbetare)"
    ),
    "param.data.staff_as_planned": (
        "den första uppmätta dagen börjar med all personal i tjänst, som planen anger"
    ),
    "param.data.repeat": "antal gånger den daterade perioden körs i följd",
    "param.warmup_days": (
        "dagar som simuleras före mätningen (en daterad exports period upprepad), så att vem som känner "
        "vem hinner sätta sig"
    ),
    "report.setup.assumed": "Antaget (från konfigurationen)",
    "report.setup.assumed_value": (
        "hur det verkliga behovet varierar kring de beviljade minuterna, trygghetslarm, sjukfrånvaro och "
        "personalomsättning, sjukhusvistelser, stress, kostnader och omsorgsnivå där filerna saknar den"
    ),
    "sa.factor.models.minute.planning.route_balance_share": "hur jämnt planerarnas verktyg fördelar arbetet",
    "sa.factor.models.minute.reassessment.assessment_error_cv": "felet i biståndshandläggarnas bedömning",
    # ---- kostnadsbron (issue 25) -------------------------------------------------------------
    "bridge.h": "Varifrån kostnadsskillnaden kommer",
    "bridge.intro": (
        "Skillnaden i kostnad per brukare och månad, parvis per replikering, uppdelad på kostnadsposter. "
        "De organisatoriska omkostnaderna — centrala planerare och registreringssystemet, teamledare, "
        "teamens möten och utbildning, larmgruppen — är antagna i förväg i varje modells inställningar, "
        "innan något körs: de blir desamma hur de simulerade dagarna än går. Allt annat — ordinarie "
        "timmar, övertid, vikarier, sjuklön, rekrytering, resor — är vad de simulerade dagarna kostar."
    ),
    "bridge.headline": (
        "Skillnaden i kostnad per brukare och månad, {b} − {a}, är {total}. Av den kommer {sim} från "
        "det som simulerades och {ass} från organisatoriska omkostnader antagna i förväg{items}."
    ),
    "bridge.opposite": (
        "Delarna drar åt olika håll, så ingen av dem är en andel av skillnaden: det som simulerades "
        "gör {b} {sim_dir}, de omkostnader som antogs i förväg gör den {ass_dir}."
    ),
    "bridge.headline.zero": "Kostnaden per brukare och månad skiljer sig inte ({b} − {a}: {total}).",
    "bridge.cheaper": "billigare",
    "bridge.dearer": "dyrare",
    "bridge.group.simulated": "Det som simulerades",
    "bridge.group.assumed": "Omkostnader antagna i förväg",
    "bridge.subtotal.simulated": "Delsumma: det som simulerades",
    "bridge.subtotal.assumed": "Delsumma: organisatoriska omkostnader antagna i förväg",
    "bridge.total": "Totalt",
    "bridge.col.component": "Kostnadspost",
    "bridge.col.group": "Del",
    "bridge.col.diff": "{b} − {a} [95 % KI]",
    "bridge.note": (
        "Kronor per brukare och månad: varje modells medelvärde över {n} replikeringar, och skillnaden "
        "parvis per replikering med sitt 95 % konfidensintervall."
    ),
    "bridge.fig.caption": (
        "Från kostnaden per brukare och månad med {a} (till vänster) till den med {b} (till höger): "
        "varje kostnadsposts parvisa skillnad med sitt 95 % konfidensintervall — grått det som "
        "simulerades, sandfärgat och streckat de organisatoriska omkostnader som antogs i förväg — och "
        "varje dels delsumma ovanför sina staplar. Axeln börjar inte vid 0."
    ),
    "plot.bridge.title": "Varifrån kostnadsskillnaden kommer: {b} − {a}",
    "plot.bridge.axis": "axeln börjar inte vid 0",
    "eb.bridge.intro": (
        "Vid den bemanning sökningen fann ({factor} × för {model}) fördelar sig de två modellernas "
        "kostnader så här på poster: vad sökningen bytte — fler eller färre simulerade timmar mot en "
        "annan organisation."
    ),
    "transition.bridge.intro": (
        "Över alla {months} simulerade månader, {switched} mot {stay} — de lägen bytet går från och "
        "till, utan inlärningstiden och de kostnader som löper vidare."
    ),
    "transition.bridge.stay": "att stanna kvar i minutstyrd hemtjänst",
    "transition.bridge.switched": "tillitsbaserad hemtjänst från första dagen",
    "eb.bridge.intro_quality": (
        "Vid den bemanning varje modell behöver för den kvaliteten fördelar sig de två modellernas "
        "kostnader så här på poster."
    ),
}
