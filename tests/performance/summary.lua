-- Loaded by every wrk script of the benchmark: one line of JSON that wrk.py reads, so that
-- nothing depends on wrk's human-readable units. Latencies are in microseconds.

function summary_fields(summary, latency)
  local errors = summary.errors
  return string.format(
    '"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  )
end

function done(summary, latency, requests)
  io.write("WRK_RESULT {", summary_fields(summary, latency), "}\n")
end
