"""Why a figure misses its target and what would fix it: written into RESULTS.md under
every figure that is not met, so the explanation survives each new run.

Measured with cProfile on the large demo register (21,815 placements, 3,000 of them
monitored) and the national one (700,955 placements).
"""

WHY_MISSED: dict[int, str] = {
    1: "Now about 16x (21x before this session). The bare window is the interpreter plus "
       "Qt's widgets, about 0.12 s. On top of that the app imports its own window code "
       "(~0.25 s), opens the register and runs PRAGMA quick_check (~0.2 s; kept, so a "
       "damaged file is never written to), reads all 21,815 placements and works out their "
       "status for the register tab (~0.4 s), fills the table and sizes its columns from a "
       "300-row sample (~0.1 s; it measured 4,000 rows a column before, because the "
       "sample size was set on the wrong header), then computes the dashboard in the "
       "background (~0.6 s, 1.1 s before: it now reads only the placements that may need "
       "monitoring, and the 13 month-end schedules of the trend chart are cheaper). A "
       "ratio of 2 (about 0.24 s) is less than importing Qt and the app's window code "
       "costs, so no window that shows this register's figures can meet it. What would "
       "bring it closer: fill the register tab in the background too, since the dashboard "
       "is what shows first (~0.4 s off the path); keep the month-end history in the "
       "register, since it changes only when visits or placements do; run quick_check "
       "after the window shows, refusing writes until it passes.",
    2: "Now about 1.8-2.0x (6.4x before this session). The app reads only the ~3,000 "
       "placements that may need monitoring, narrowed in SQL from the domain's own "
       "constants, and their visits; the domain rules still decide every status. What is "
       "left: ~35 ms is SQLite handing Python rows the baseline never leaves SQLite for "
       "(each candidate with its child and provider, ~12,700 visit rows), and ~40 ms is "
       "building objects and running domain/schedule.py on them, while the hand-written "
       "query finds the last visit inside SQLite. At national size the ratio is 1.4x. "
       "Reaching 1.3 at large size would mean one of two things: working out each "
       "placement's last completed visit in SQL, a second copy of a rule the design keeps "
       "in one place, or caching the schedule between reads.",
    3: "Large size is met (about 10 ms a key). National: only the first one or two keys "
       "miss. 'o' matches 664,507 of 700,955 lines, and with that many lines the cost is "
       "in four steps: scanning every search text (~25 ms, in C), counting statuses "
       "(~10 ms), copying the 664,507 visible lines (~15 ms), and Qt resetting a model of "
       "that many rows. Every narrower key, and every Backspace, which reuses the "
       "remembered matches, is 15-36 ms. What would fix it: a model that reads the sorted "
       "lines through the kept positions instead of copying them, and, on a register this "
       "size only, waiting for a second letter before filtering.",
    6: "The overdue list grows slightly faster than linearly over 1k to 640k children "
       "(exponent ~1.16). The hand-written SQL grows faster still over the same registers "
       "(~1.26), so the extra growth comes from the data, not from the app: larger demo "
       "registers hold more visits per placement and outgrow the page cache. Every step "
       "in the app is a scan or a dictionary look-up per row, with no step worse than "
       "linear.",
}
