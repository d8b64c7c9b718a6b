-- wrk's results as one line of JSON after its own report, in the units of benchmarks/wrk.py's
-- cells. "non_2xx_3xx" is wrk's count of answers that were not 2xx or 3xx.
done = function(summary, latency, requests)
  local errors, seconds = summary.errors, summary.duration / 1e6
  local per_response = summary.requests > 0 and summary.bytes / summary.requests or 0
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, '
      .. '"p99_ms": %.2f, "mean_ms": %.2f, "max_ms": %.2f, "bytes_per_response": %.0f, '
      .. '"non_2xx_3xx": %d, "socket_errors": {"connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.mean / 1000,
    latency.max / 1000, per_response, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout
  ))
end
