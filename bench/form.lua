-- POST a form to /link/<token>, one token per request (or round-robin for drafts).
-- env: TOKFILE (tokens, one a line), BODYFILE (urlencoded body with the placeholder __CSRF__),
--      SESSFILE (lines "<cookie value> <csrf token>": sessions used in turn, one per request),
--      NTHREADS (= wrk -t), REUSE=1 to cycle tokens (draft saves),
--      optional (for other apps, e.g. Blik): PATH_FMT ("/link/%s"), CTYPE (content type), COOKIE_NAME
--      ("coachwork_session"), OKBODY (a substring the body must contain to count as success),
--      OK=200 (the status that counts as success),
--      XFF=1: each token's requests carry their own X-Forwarded-For address (10.x.y.z), for a server
--      run with COACHWORK_TRUST_FORWARDED_FOR=true, so the per-address limit on POST /link/...
--      (120 per 10 minutes) applies per simulated rater, as it does for real raters
local threads = {}
local nthreads = tonumber(os.getenv("NTHREADS") or "2")
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  tid = tid or 0
  toks = {}
  local i = 0
  for line in io.lines(os.getenv("TOKFILE")) do
    if #line > 0 then
      if i % nthreads == tid then table.insert(toks, line) end
      i = i + 1
    end
  end
  local f = io.open(os.getenv("BODYFILE")); body = f:read("*a"); f:close()
  body = body:gsub("%s+$", "")
  sess = {}
  for line in io.lines(os.getenv("SESSFILE")) do
    local c, t = line:match("^(%S+)%s+(%S+)")
    if c then table.insert(sess, { c, t }) end
  end
  bodies, hdrs = {}, {}
  for j, st in ipairs(sess) do
    bodies[j] = body:gsub("__CSRF__", st[2])
    hdrs[j] = { ["Content-Type"] = os.getenv("CTYPE") or "application/x-www-form-urlencoded",
                ["Cookie"] = (os.getenv("COOKIE_NAME") or "coachwork_session") .. "=" .. st[1] }
  end
  reuse = os.getenv("REUSE") == "1"
  okstatus = tonumber(os.getenv("OK") or "200")
  pathfmt = os.getenv("PATH_FMT") or "/link/%s"
  okbody = os.getenv("OKBODY")
  xff = os.getenv("XFF") == "1"
  idx = 0; bad = 0; good = 0; exhausted = 0; codes = ""
end
function request()
  idx = idx + 1
  if idx > #toks then
    if reuse then idx = 1 else exhausted = exhausted + 1; idx = #toks end
  end
  local j = (idx + tid) % #sess + 1
  if xff then
    local h = {}
    for k, v in pairs(hdrs[j]) do h[k] = v end
    local n = idx * nthreads + tid
    h["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 62500) % 250, math.floor(n / 250) % 250, n % 250 + 1)
    return wrk.format("POST", string.format(pathfmt, toks[idx]), h, bodies[j])
  end
  return wrk.format("POST", string.format(pathfmt, toks[idx]), hdrs[j], bodies[j])
end
function response(status, hdrs, b)
  if status == okstatus and (okbody == nil or (b and string.find(b, okbody, 1, true))) then good = good + 1 else
    bad = bad + 1
    if bad <= 3 then codes = codes .. status .. " " end
  end
end
function done(summary, latency, requests)
  local good, bad, ex, codes = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + t:get("good"); bad = bad + t:get("bad"); ex = ex + t:get("exhausted"); codes = codes .. t:get("codes")
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"ok":%d,"non_ok":%d,"exhausted":%d,"first_codes":"%s","sock_err":%d,"timeouts":%d,"secs":%.2f,"rps":%.1f,"ok_rps":%.1f,"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f}\n',
    summary.requests, good, bad, ex, codes, e.connect + e.read + e.write, e.timeout, secs, summary.requests / secs, good / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
