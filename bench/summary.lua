-- The one summary line every wrk script of the bench prints (bench/report.py reads it): throughput,
-- the latency percentiles of the chart, and errors. extra() may add fields (commands.lua does).
function summary_line(summary, latency, extra)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local line = string.format("RESULT requests=%d seconds=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f errors=%d",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, errors)
  io.write(line .. (extra or "") .. "\n")
end

function done(summary, latency, requests)
  summary_line(summary, latency)
end
