-- wrk script: each request a different feedback submission (thread number and counter in the
-- text), like citizens; used by bench/feedback.sh and bench/backends.sh.
local counter, tid = 0, 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) tid = tonumber(wrk.thread:get("tid")) or 0; counter = math.random(1, 1000000000) end
function request()
  counter = counter + 1
  local body = string.format('{"kind":"phan_anh","field":"dvc","title":"Phản ánh thử tải %d-%d",' ..
    '"content":"Nội dung phản ánh thử tải %d-%d: cổng dịch vụ công báo lỗi khi tải tệp.",' ..
    '"unit":"P46","contact_name":"Người dân","contact_phone":"0912345678"}', tid, counter, tid, counter)
  return wrk.format("POST", "/api/v1/feedback", {["Content-Type"] = "application/json"}, body)
end
