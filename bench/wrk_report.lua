-- wrk script of bench/throughput.py: sends the logged-in session cookie (and the htmx headers of a
-- partial) and prints one machine-readable line with the numbers the table needs.
local cookie = os.getenv("KT_COOKIE") or ""
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
local target = os.getenv("KT_HX_TARGET") or ""
if target ~= "" then
  wrk.headers["HX-Request"] = "true"
  wrk.headers["HX-Target"] = target
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KTRESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d timeouts=%d bytes=%d "
                         .. "socket=%d\n", summary.requests, summary.duration, latency:percentile(50),
                         latency:percentile(99), e.status, e.timeout, summary.bytes, e.connect + e.read + e.write))
end
