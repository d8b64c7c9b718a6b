-- wrk's results as one line of JSON after its own report, for benchmarks/wrk.py.
-- Times are in microseconds; "status" counts answers that were not 2xx or 3xx.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d, "status": %d, "p50_us": %.0f, "p90_us": %.0f, '
      .. '"p99_us": %.0f, "mean_us": %.1f, "max_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.timeout, errors.status, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.mean, latency.max
  ))
end
