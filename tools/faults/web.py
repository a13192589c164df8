"""Every page and download of the web app requested with hostile query values, repeated parameters and odd paths, and
the instructor-key endpoints posted bad bodies; flags any answer but the expected codes, and .NET wording in a body or
a failure in the server's log. Prerendered pages only: the interactive faults are the browser tests' (LabApp.Tests/Faults).

    dotnet build LabApp && python3 tools/faults/web.py /tmp/scratch-models
"""
import json, os, subprocess, time, urllib.error, urllib.request
from collections import Counter
from common import BIN, ENV, SCRATCH

port = 18777
env = dict(ENV, ASPNETCORE_ENVIRONMENT="Production", Lab__InstructorKey="fault-sweep-key",
           Lab__LogPath=os.path.join(SCRATCH, "runs.sqlite"), Lab__LinksPath=os.path.join(SCRATCH, "links.sqlite"),
           Lab__WorkbooksPath=os.path.join(SCRATCH, "workbooks.sqlite"))
server = subprocess.Popen([BIN, "--urls", f"http://127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=SCRATCH)
root = f"http://127.0.0.1:{port}"

def request(path, data=None, content_type=None):
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        answer = urllib.request.urlopen(urllib.request.Request(root + path, data=data, headers=headers), timeout=60)
        return answer.status, answer.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError as e:
        return type(e).__name__, b""

for _ in range(240):
    if request("/")[0] == 200: break
    time.sleep(0.5)

pages = ["/", "/checklist", "/class", "/compare", "/data", "/generative", "/hand-ins", "/hand-ins/1", "/hand-ins/99999999999999", "/llm", "/log", "/map",
         "/medium/confidence", "/medium/custom-labels", "/medium/failure-analysis", "/medium/limited-data", "/supervised", "/task-specific", "/workbook",
         "/zero-shot", "/class/export.zip", "/hand-ins/1.md", "/hand-ins/-1.md", "/log/class/export.csv", "/log/class/export.json", "/log/export.csv",
         "/log/export.json", "/log/export.md", "/workbook/export.md"]
parameters = ["s", "model", "threshold", "measure", "labels", "train", "size", "seed", "seeds", "reviews", "text", "q", "a", "b", "k", "cases", "split",
              "take", "id", "prompt"]
values = ["", "%00", "-1", "1e309", "NaN", "99999999999999999999", "abc", "%E2%80%8B", "x" * 3000, "%FF%FE", "../../etc/passwd",
          "<script>alert(1)</script>", "mpnet", "0.3"]
odd = ["/medium/confidence?threshold=0.1&threshold=0.2", "/zero-shot?" + "&".join(f"labels={i}" for i in range(50)), "/%ff", "/medium/%00",
       "/log/export.csv?student=1", "/" + "x" * 9000]
bodies = [(b"", "application/x-www-form-urlencoded"), (b"key=" + b"x" * 5_000_000, "application/x-www-form-urlencoded"), (b'{"key":1}', "application/json"),
          (b"\xff\xfe", "text/plain"), (b"key=fault-sweep-key", "multipart/form-data; boundary=x"), (b"key=%ZZ", "application/x-www-form-urlencoded")]
expected = {200, 400, 403, 404, 413, 414, 415, 429, 503}
codes, flagged = Counter(), []
def check(label, code, body):
    codes[str(code)] += 1
    if code not in expected or b"   at " in body or b"Exception" in body:
        flagged.append((label[:160], code)); print("flagged", label[:160], code, flush=True)
for page in pages:
    for parameter in parameters:
        for value in values:
            check(f"GET {page}?{parameter}={value}", *request(f"{page}?{parameter}={value}"))
for path in odd:
    check(f"GET {path}", *request(path))
for path in ["/log/class", "/log/class/leave"]:
    for data, content_type in bodies:
        check(f"POST {path} {content_type} {len(data)} bytes", *request(path, data, content_type))
server.terminate()
log = server.communicate(timeout=30)[0].decode("utf-8", "replace")
failures = [l for l in log.splitlines() if "fail:" in l or "Exception" in l]
print(json.dumps(dict(requests=sum(codes.values()), codes=codes, flagged=flagged, server_log_failures=failures[:10])))
