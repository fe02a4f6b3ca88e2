#!/usr/bin/env python3
"""Turns what bench/run.sh collected into bench/results: latest.json (every figure), latest.md (a table
with the target beside each figure, "met" or "not met"), latency.svg (p50/p90/p99/p99.9 per scenario)
and <N>-patients.json (so that a 1,000,000-patient run is compared with the last 100,000-patient run).
Targets are reported, never asserted.
    report.py WORK_DIR RESULTS_DIR"""
import datetime
import json
import os
import re
import statistics
import sys

SCALE_BASELINE = 100_000  # the size a 1,000,000-patient run is compared with (issue 15)


def read_facts(path):
    facts = {}
    for line in open(path):
        key, _, value = line.rstrip("\n").partition("=")
        facts.setdefault(key, []).append(value)
    return facts


def wrk_result(path):
    """The RESULT line of a wrk run (bench/summary.lua), as numbers, with requests/s added."""
    for line in open(path):
        if line.startswith("RESULT "):
            result = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
            result["rps"] = result["requests"] / result["seconds"]
            return result
    raise SystemExit(f"no RESULT line in {path}")


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def rounded(value, digits=3):
    return round(value, digits) if isinstance(value, float) else value


def decisions(work, rounds):
    per_round = []
    for r in range(1, rounds + 1):
        ceiling, logged, auditor = (wrk_result(f"{work}/wrk/round{r}-{name}.txt") for name in ("ceiling", "logged", "auditor"))
        per_round.append({
            "round": r, "ceiling": ceiling, "logged": logged, "auditor": auditor,
            "logged_ratio": logged["rps"] / ceiling["rps"], "auditor_ratio": auditor["rps"] / ceiling["rps"],
        })
    summary = {
        name: {
            "rps": spread([r[name]["rps"] for r in per_round]),
            "p50_ms": spread([r[name]["p50_ms"] for r in per_round]),
            "p99_ms": spread([r[name]["p99_ms"] for r in per_round]),
            "errors": sum(int(r[name]["errors"]) for r in per_round),
        }
        for name in ("ceiling", "logged", "auditor")
    }
    summary["logged"]["ratio"] = spread([r["logged_ratio"] for r in per_round])
    summary["auditor"]["ratio"] = spread([r["auditor_ratio"] for r in per_round])
    return per_round, summary


def key_values(path):
    text = open(path).read() if os.path.exists(path) else ""
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", text)}


def baseline_for(out, patients):
    """The last 100,000-patient figures, when this run is the one-million run."""
    path = f"{out}/{SCALE_BASELINE}-patients.json"
    if patients < 1_000_000 or not os.path.exists(path):
        return None
    return json.load(open(path))


def targets(result, baseline):
    """(what, figure as text, target as text, met) rows; figures are medians over the rounds."""
    logged, commands = result["decisions"]["logged"], result["commands"]
    rows = [
        ("logged decisions / ceiling (median of rounds)", f"{logged['ratio']['median']:.1%}", "≥ 45%", logged["ratio"]["median"] >= 0.45),
        ("logged decisions p99 (median of rounds)", f"{logged['p99_ms']['median']:.2f} ms", "≤ 10 ms", logged["p99_ms"]["median"] <= 10),
        ("durable commands over HTTP", f"{commands['rps']:,.0f}/s", "≥ 3,000/s", commands["rps"] >= 3000),
        ("durable commands p99", f"{commands['p99_ms']:.2f} ms", "≤ 50 ms", commands["p99_ms"] <= 50),
        ("rebuild-views", f"{result['rebuild']['events_per_s']:,.0f} events/s", "≥ 100,000 events/s", result["rebuild"]["events_per_s"] >= 100_000),
        ("service RSS, peak", f"{result['memory']['rss_peak_mb']} MB", "≤ 512 MB", result["memory"]["rss_peak_mb"] <= 512),
    ]
    if baseline:
        base = baseline["decisions"]["logged"]
        rps_change = logged["rps"]["median"] / base["rps"]["median"] - 1
        p99_change = logged["p99_ms"]["median"] / base["p99_ms"]["median"] - 1
        rows += [
            (f"logged decisions/s against {SCALE_BASELINE:,} patients ({base['rps']['median']:,.0f}/s, {baseline['date']})",
             f"{rps_change:+.1%}", "within 10%", abs(rps_change) <= 0.10),
            (f"logged decisions p99 against {SCALE_BASELINE:,} patients ({base['p99_ms']['median']:.2f} ms)",
             f"{p99_change:+.1%}", "within 20%", p99_change <= 0.20),
        ]
    return [{"what": w, "figure": f, "target": t, "met": m} for w, f, t, m in rows]


def markdown(result):
    d = result["decisions"]
    f = lambda s, unit="": f"{s['median']:,.0f}{unit} ({s['min']:,.0f}–{s['max']:,.0f})"
    ms = lambda s: f"{s['median']:.2f} ms ({s['min']:.2f}–{s['max']:.2f})"
    pct = lambda s: f"{s['median']:.1%} ({s['min']:.1%}–{s['max']:.1%})"
    c, bus, rebuild, memory = result["commands"], result["bus"], result["rebuild"], result["memory"]
    lines = [
        f"# Benchmark, {result['date']}",
        "",
        f"{result['machine']}, commit {result['commit']}, {result['patients']:,} patients ({result['seeded_events']:,} events, "
        f"bulk-seeded in {result['seed_s']:.0f} s), wrk {result['wrk']}, {result['duration']} after {result['warmup']} of warm-up, "
        f"{result['rounds']} rounds. Medians over the rounds, with (min–max).",
        "",
        "| decisions | requests/s | ratio to the round's ceiling | p50 | p99 | errors |",
        "|---|---|---|---|---|---|",
        f"| ceiling: plaintext minimal API | {f(d['ceiling']['rps'])} | | {ms(d['ceiling']['p50_ms'])} | {ms(d['ceiling']['p99_ms'])} | {d['ceiling']['errors']} |",
        f"| POST /v1/access-decisions, hospital system (logged) | {f(d['logged']['rps'])} | {pct(d['logged']['ratio'])} | {ms(d['logged']['p50_ms'])} | {ms(d['logged']['p99_ms'])} | {d['logged']['errors']} |",
        f"| POST /v1/access-decisions, auditor (not logged) | {f(d['auditor']['rps'])} | {pct(d['auditor']['ratio'])} | {ms(d['auditor']['p50_ms'])} | {ms(d['auditor']['p99_ms'])} | {d['auditor']['errors']} |",
        "",
        "| round | ceiling/s | logged/s | ratio | auditor/s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["rounds_detail"]:
        lines.append(f"| {r['round']} | {r['ceiling_rps']:,.0f} | {r['logged_rps']:,.0f} | {r['logged_ratio']:.1%} | {r['auditor_rps']:,.0f} | {r['auditor_ratio']:.1%} |")
    lines += [
        "",
        "| other | figure |",
        "|---|---|",
        f"| durable commands over HTTP (give/revoke consent, add/end relation on {c['patients']:,} new patients; {c['mix']}) | {c['rps']:,.0f}/s, p50 {c['p50_ms']:.2f} ms, p99 {c['p99_ms']:.2f} ms, {c['errors']} errors ({c['non2xx']} not 2xx), {c['events']:,} events written, after {c['settle_s']:.1f} s waiting for autovacuum to finish; meanwhile {c['gc_collections']} garbage collections ({c['gc_gen2']} of gen2) paused the service {c['gc_pause_s']:.2f} s in all, PostgreSQL made {c['checkpoints']} checkpoints (the last one had started {c['checkpoint_age_s']:,} s before), wrote {c['wal_bytes'] / max(c['requests'], 1) / 1024:.1f} KB of WAL and {c['wal_fpi'] / max(c['requests'], 1):.2f} full-page images a command, and autovacuum made {c['autovacuums']} runs |",
        f"| bus commands applied (GiveConsent, publisher on loopback) | {bus.get('rate', 0):,.0f}/s ({bus.get('commands', 0):,.0f} of {result['bus_commands']:,} in {bus.get('applied_s', 0):.1f} s) |",
        f"| rebuild-views | {rebuild['events_per_s']:,.0f} events/s ({rebuild['events']:,} events in {rebuild['seconds']:.1f} s, the command's own start included; it reported {rebuild['reported_events_per_s']:,.0f}/s), after {rebuild['settle_s']:.1f} s waiting for autovacuum to finish; meanwhile autovacuum made {rebuild['autovacuums']} runs |",
        f"| service RSS | {memory['rss_after_warmup_mb']} MB after the first warm-up and measurement, {memory['rss_end_mb']} MB at the end of the HTTP runs, peak {memory['rss_peak_mb']} MB |",
        f"| start-up to /health/ready | {result['startup_s']['median']:.2f} s median of {len(result['startup_s']['all'])} ({result['startup_s']['min']:.2f}–{result['startup_s']['max']:.2f}) |",
        f"| access-log rows written | {result['access_log_rows']:,} |",
        "",
        "| target (issue 15) | figure | target | |",
        "|---|---|---|---|",
    ]
    for t in result["targets"]:
        lines.append(f"| {t['what']} | {t['figure']} | {t['target']} | {'met' if t['met'] else 'not met'} |")
    if result["patients"] >= 1_000_000 and not any("against" in t["what"] for t in result["targets"]):
        lines += ["", f"No {SCALE_BASELINE:,}-patient run in bench/results to compare the decisions with."]
    return "\n".join(lines) + "\n"


def svg(scenarios):
    """A grouped bar chart, log scale: one group per scenario, one bar per percentile."""
    percentiles = [("p50_ms", "p50", "#9ecae1"), ("p90_ms", "p90", "#4292c6"), ("p99_ms", "p99", "#08519c"), ("p999_ms", "p99.9", "#08306b")]
    width, height, left, top, bottom = 160 + 150 * len(scenarios), 380, 70, 40, 90
    plot_h = height - top - bottom
    values = [s[k] for _, s in scenarios for k, _, _ in percentiles if s[k] > 0]
    import math
    low, high = math.floor(math.log10(min(values + [0.1]))), math.ceil(math.log10(max(values + [1])))
    high = max(high, low + 1)
    y = lambda v: top + plot_h - (math.log10(max(v, 10 ** low)) - low) / (high - low) * plot_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<text x="{left}" y="20" font-size="14">Latency per scenario (ms, log scale; median round for decisions)</text>']
    for e in range(low, high + 1):
        out.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(10 ** e):.1f}" y2="{y(10 ** e):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{y(10 ** e) + 4:.1f}" text-anchor="end">{10 ** e:g}</text>')
    for i, (name, s) in enumerate(scenarios):
        x0 = left + 20 + i * 150
        for j, (key, label, colour) in enumerate(percentiles):
            v = s[key]
            out.append(f'<rect x="{x0 + j * 28}" y="{y(v):.1f}" width="24" height="{top + plot_h - y(v):.1f}" fill="{colour}"><title>{name} {label}: {v:.2f} ms</title></rect>')
            out.append(f'<text x="{x0 + j * 28 + 12}" y="{y(v) - 3:.1f}" text-anchor="middle" font-size="9">{v:.1f}</text>')
        for k, part in enumerate(name.split("\n")):
            out.append(f'<text x="{x0 + 54}" y="{top + plot_h + 18 + k * 14}" text-anchor="middle">{part}</text>')
    for j, (_, label, colour) in enumerate(percentiles):
        out.append(f'<rect x="{left + j * 70}" y="{height - 22}" width="12" height="12" fill="{colour}"/><text x="{left + j * 70 + 16}" y="{height - 12}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(work, out):
    facts = read_facts(f"{work}/facts.txt")
    one = lambda k: facts[k][-1]
    rounds = int(one("rounds"))
    per_round, decision_summary = decisions(work, rounds)
    commands = wrk_result(f"{work}/wrk/commands.txt")
    bus = key_values(f"{work}/bus.txt")
    reported = re.search(r"\(([0-9]+) events/s\)", open(f"{work}/rebuild.txt").read()) if os.path.exists(f"{work}/rebuild.txt") else None
    rebuild_events, rebuild_s = int(one("rebuild_events")), float(one("rebuild_s"))
    startups = [float(v) for v in facts["startup_s"]]
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores", "commit": one("commit"),
        "patients": int(one("patients")), "seeded_events": int(one("seeded_events")), "seed_s": float(one("seed_s")),
        "wrk": one("wrk"), "duration": one("duration"), "warmup": one("warmup"), "rounds": rounds,
        "decisions": decision_summary,
        "rounds_detail": [{
            "round": r["round"],
            **{f"{n}_{k}": rounded(r[n][k]) for n in ("ceiling", "logged", "auditor") for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "errors")},
            "logged_ratio": rounded(r["logged_ratio"]), "auditor_ratio": rounded(r["auditor_ratio"]),
        } for r in per_round],
        "commands": {
            "rps": commands["rps"], "p50_ms": commands["p50_ms"], "p90_ms": commands["p90_ms"], "p99_ms": commands["p99_ms"],
            "p999_ms": commands["p999_ms"], "errors": int(commands["errors"]), "non2xx": int(commands.get("non2xx", 0)),
            "events": int(one("command_events")), "requests": int(commands["requests"]),
            "gc_pause_s": float(one("command_gc_pause_s")), "gc_collections": int(one("command_gc_collections")),
            "gc_gen2": int(one("command_gc_gen2")), "checkpoints": int(one("command_checkpoints")),
            "autovacuums": int(one("command_autovacuums")), "settle_s": float(one("command_settle_s")),
            "wal_fpi": int(one("command_wal_fpi")), "wal_bytes": int(one("command_wal_bytes")),
            "checkpoint_age_s": int(one("command_checkpoint_age_s")),
            "mix": ", ".join(f"{int(commands.get(k, 0)):,} {k}" for k in ("gives", "adds", "revokes", "ends")),
            "patients": int(one("command_patients")),
        },
        "bus": bus, "bus_commands": int(one("bus_commands")),
        "rebuild": {"events": rebuild_events, "seconds": rebuild_s, "events_per_s": rebuild_events / max(rebuild_s, 0.001),
                    "reported_events_per_s": float(reported.group(1)) if reported else 0.0,
                    "settle_s": float(one("rebuild_settle_s")), "autovacuums": int(one("rebuild_autovacuums"))},
        "memory": {k: int(one(k)) for k in ("rss_after_warmup_mb", "rss_end_mb", "rss_peak_mb")},
        "startup_s": {**spread(startups), "all": startups},
        "access_log_rows": int(one("access_log_rows")),
    }
    result["targets"] = targets(result, baseline_for(out, result["patients"]))

    median_round = sorted(per_round, key=lambda r: r["logged_ratio"])[len(per_round) // 2]
    chart = [("ceiling\n(plaintext)", median_round["ceiling"]), ("decisions\nhospital, logged", median_round["logged"]),
             ("decisions\nauditor, unlogged", median_round["auditor"]), ("durable commands\nover HTTP", commands)]
    os.makedirs(out, exist_ok=True)
    json.dump(result, open(f"{out}/latest.json", "w"), indent=2)
    json.dump(result, open(f"{out}/{result['patients']}-patients.json", "w"), indent=2)
    open(f"{out}/latest.md", "w").write(markdown(result))
    open(f"{out}/latency.svg", "w").write(svg(chart))
    print(markdown(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
